# The VPC of the same stack, found by its state file under the `vpc` workspace key prefix.
# Atmos generates the backend configuration; the component only needs to know which component to read.
data "aws_vpc" "this" {
  tags = {
    Name = join("-", [var.namespace, var.tenant, var.environment, var.stage, var.vpc_component_name])
  }
}

data "aws_subnets" "private" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.this.id]
  }

  tags = {
    "acme.io/subnet/type" = "private"
  }
}
