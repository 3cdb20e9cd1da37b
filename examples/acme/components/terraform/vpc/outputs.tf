output "vpc_id" {
  description = "ID of the VPC"
  value       = one(aws_vpc.this[*].id)
}

output "vpc_cidr_block" {
  description = "Primary IPv4 CIDR block of the VPC"
  value       = one(aws_vpc.this[*].cidr_block)
}

output "private_subnet_ids" {
  description = "IDs of the private subnets, one per availability zone"
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "IDs of the public subnets, one per availability zone"
  value       = aws_subnet.public[*].id
}

output "availability_zones" {
  description = "Availability zones the subnets were created in"
  value       = local.azs
}

output "nat_gateway_ids" {
  description = "IDs of the NAT gateways"
  value       = aws_nat_gateway.this[*].id
}
