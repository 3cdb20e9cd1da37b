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

variable "kubernetes_version" {
  type        = string
  description = "Kubernetes minor version of the control plane, e.g. `1.31`"
}

variable "cluster_endpoint_public_access" {
  type        = bool
  description = "Expose the Kubernetes API endpoint to the internet"
  default     = false
}

variable "oidc_provider_enabled" {
  type        = bool
  description = "Create an IAM OIDC provider so service accounts can assume IAM roles (IRSA)"
  default     = true
}

variable "enabled_cluster_log_types" {
  type        = list(string)
  description = "Control plane log types sent to CloudWatch Logs"
  default     = []
}

variable "vpc_component_name" {
  type        = string
  description = "Atmos component whose VPC and private subnets the cluster uses"
  default     = "vpc"
}

variable "addons" {
  type = map(object({
    addon_version            = optional(string)
    service_account_role_arn = optional(string)
  }))
  description = "EKS managed add-ons, keyed by add-on name"
  default     = {}
}

variable "node_groups" {
  type = map(object({
    instance_types = list(string)
    min_size       = number
    max_size       = number
    desired_size   = number
    capacity_type  = optional(string, "ON_DEMAND")
    disk_size_gb   = optional(number, 20)
  }))
  description = "Managed node groups, keyed by node group name"
  default     = {}
}
