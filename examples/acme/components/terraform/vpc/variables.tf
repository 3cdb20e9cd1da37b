variable "region" {
  type        = string
  description = "AWS region to deploy into"
}

variable "enabled" {
  type        = bool
  description = "Set to false to create no resources"
  default     = true
}

variable "namespace" {
  type        = string
  description = "Organization short name, e.g. `acme`"
}

variable "tenant" {
  type        = string
  description = "Tenant (organizational unit), e.g. `core` or `plat`"
}

variable "environment" {
  type        = string
  description = "Short region code, e.g. `ue2` for us-east-2"
}

variable "stage" {
  type        = string
  description = "Stage (account role), e.g. `dev`, `staging`, `prod`"
}

variable "name" {
  type        = string
  description = "Name of this component instance, appended to the resource name prefix"
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource"
  default     = {}
}

variable "ipv4_primary_cidr_block" {
  type        = string
  description = "Primary IPv4 CIDR block of the VPC, e.g. `10.130.0.0/16`"

  validation {
    condition     = can(cidrhost(var.ipv4_primary_cidr_block, 0))
    error_message = "ipv4_primary_cidr_block must be a valid IPv4 CIDR block."
  }
}

variable "availability_zones" {
  type        = list(string)
  description = "Availability zones to create subnets in"
}

variable "max_subnet_count" {
  type        = number
  description = "Maximum number of subnets of each type (public, private) to create"
  default     = 3
}

variable "public_subnets_enabled" {
  type        = bool
  description = "Create public subnets and an internet gateway"
  default     = true
}

variable "nat_gateway_enabled" {
  type        = bool
  description = "Give private subnets internet egress through NAT gateways"
  default     = true
}

variable "nat_instance_enabled" {
  type        = bool
  description = "Use NAT instances instead of NAT gateways (cheaper, less available)"
  default     = false
}

variable "single_nat_gateway" {
  type        = bool
  description = "Share one NAT gateway between all availability zones instead of one per zone"
  default     = false
}

variable "dns_hostnames_enabled" {
  type        = bool
  description = "Enable DNS hostnames in the VPC"
  default     = true
}

variable "map_public_ip_on_launch" {
  type        = bool
  description = "Assign public IPs to instances launched in public subnets"
  default     = false
}

variable "vpc_flow_logs_enabled" {
  type        = bool
  description = "Send VPC flow logs to CloudWatch Logs"
  default     = false
}

variable "vpc_flow_logs_traffic_type" {
  type        = string
  description = "Traffic captured by flow logs: ACCEPT, REJECT or ALL"
  default     = "REJECT"

  validation {
    condition     = contains(["ACCEPT", "REJECT", "ALL"], var.vpc_flow_logs_traffic_type)
    error_message = "vpc_flow_logs_traffic_type must be ACCEPT, REJECT or ALL."
  }
}

variable "subnet_type_tag_key" {
  type        = string
  description = "Tag key whose value (`public` or `private`) marks each subnet's type"
  default     = "acme.io/subnet/type"
}
