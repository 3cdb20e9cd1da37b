locals {
  enabled     = var.enabled
  name_prefix = join("-", [var.namespace, var.tenant, var.environment, var.stage, var.name])
  az_count    = min(length(var.availability_zones), var.max_subnet_count)
  azs         = slice(var.availability_zones, 0, local.az_count)

  # Split the /16 into /20s: the first half for private subnets, the second for public ones.
  private_cidrs = [for i in range(local.az_count) : cidrsubnet(var.ipv4_primary_cidr_block, 4, i)]
  public_cidrs  = [for i in range(local.az_count) : cidrsubnet(var.ipv4_primary_cidr_block, 4, i + 8)]

  nat_count = var.nat_gateway_enabled && var.public_subnets_enabled ? (var.single_nat_gateway ? 1 : local.az_count) : 0
}

resource "aws_vpc" "this" {
  count = local.enabled ? 1 : 0

  cidr_block           = var.ipv4_primary_cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = var.dns_hostnames_enabled

  tags = { Name = local.name_prefix }
}

resource "aws_internet_gateway" "this" {
  count = local.enabled && var.public_subnets_enabled ? 1 : 0

  vpc_id = aws_vpc.this[0].id
  tags   = { Name = local.name_prefix }
}

resource "aws_subnet" "private" {
  count = local.enabled ? local.az_count : 0

  vpc_id            = aws_vpc.this[0].id
  cidr_block        = local.private_cidrs[count.index]
  availability_zone = local.azs[count.index]

  tags = {
    Name                      = "${local.name_prefix}-private-${local.azs[count.index]}"
    (var.subnet_type_tag_key) = "private"
  }
}

resource "aws_subnet" "public" {
  count = local.enabled && var.public_subnets_enabled ? local.az_count : 0

  vpc_id                  = aws_vpc.this[0].id
  cidr_block              = local.public_cidrs[count.index]
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = var.map_public_ip_on_launch

  tags = {
    Name                      = "${local.name_prefix}-public-${local.azs[count.index]}"
    (var.subnet_type_tag_key) = "public"
  }
}

resource "aws_eip" "nat" {
  count = local.enabled && !var.nat_instance_enabled ? local.nat_count : 0

  domain = "vpc"
  tags   = { Name = "${local.name_prefix}-nat-${count.index}" }
}

resource "aws_nat_gateway" "this" {
  count = local.enabled && !var.nat_instance_enabled ? local.nat_count : 0

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
  tags          = { Name = "${local.name_prefix}-nat-${count.index}" }

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "public" {
  count = local.enabled && var.public_subnets_enabled ? 1 : 0

  vpc_id = aws_vpc.this[0].id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this[0].id
  }

  tags = { Name = "${local.name_prefix}-public" }
}

resource "aws_route_table_association" "public" {
  count = local.enabled && var.public_subnets_enabled ? local.az_count : 0

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}

resource "aws_route_table" "private" {
  count = local.enabled ? local.az_count : 0

  vpc_id = aws_vpc.this[0].id

  dynamic "route" {
    for_each = local.nat_count > 0 && !var.nat_instance_enabled ? [1] : []
    content {
      cidr_block     = "0.0.0.0/0"
      nat_gateway_id = aws_nat_gateway.this[var.single_nat_gateway ? 0 : count.index].id
    }
  }

  tags = { Name = "${local.name_prefix}-private-${local.azs[count.index]}" }
}

resource "aws_route_table_association" "private" {
  count = local.enabled ? local.az_count : 0

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  count = local.enabled && var.vpc_flow_logs_enabled ? 1 : 0

  name              = "/vpc/${local.name_prefix}/flow-logs"
  retention_in_days = 90
}

data "aws_iam_policy_document" "flow_logs_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "flow_logs" {
  statement {
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "logs:DescribeLogGroups",
      "logs:DescribeLogStreams",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role" "flow_logs" {
  count = local.enabled && var.vpc_flow_logs_enabled ? 1 : 0

  name               = "${local.name_prefix}-flow-logs"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_assume.json
}

resource "aws_iam_role_policy" "flow_logs" {
  count = local.enabled && var.vpc_flow_logs_enabled ? 1 : 0

  role   = aws_iam_role.flow_logs[0].id
  policy = data.aws_iam_policy_document.flow_logs.json
}

resource "aws_flow_log" "this" {
  count = local.enabled && var.vpc_flow_logs_enabled ? 1 : 0

  vpc_id          = aws_vpc.this[0].id
  traffic_type    = var.vpc_flow_logs_traffic_type
  log_destination = aws_cloudwatch_log_group.flow_logs[0].arn
  iam_role_arn    = aws_iam_role.flow_logs[0].arn
}
