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

variable "role_description" {
  type        = string
  description = "Description of the role, shown in the IAM console"
}

variable "max_session_duration" {
  type        = number
  description = "Maximum session duration in seconds (3600 to 43200)"
  default     = 3600
}

variable "trusted_services" {
  type        = list(string)
  description = "AWS service principals allowed to assume the role, e.g. `ec2.amazonaws.com`"
  default     = []
}

variable "trusted_role_arns" {
  type        = list(string)
  description = "IAM role ARNs allowed to assume the role"
  default     = []
}

variable "managed_policy_arns" {
  type        = list(string)
  description = "ARNs of managed policies attached to the role"
  default     = []
}

variable "policy_statements" {
  type = map(object({
    effect    = string
    actions   = list(string)
    resources = list(string)
  }))
  description = "Inline policy statements, keyed by statement ID"
  default     = {}
}
