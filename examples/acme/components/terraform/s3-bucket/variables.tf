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

variable "versioning_enabled" {
  type        = bool
  description = "Keep every version of every object"
  default     = true
}

variable "force_destroy" {
  type        = bool
  description = "Delete all objects when the bucket is destroyed (never in prod)"
  default     = false
}

variable "sse_algorithm" {
  type        = string
  description = "Server-side encryption: `AES256` (SSE-S3) or `aws:kms` (SSE-KMS)"
  default     = "aws:kms"

  validation {
    condition     = contains(["AES256", "aws:kms"], var.sse_algorithm)
    error_message = "sse_algorithm must be AES256 or aws:kms."
  }
}

variable "block_public_access" {
  type        = bool
  description = "Turn on all four S3 public access blocks"
  default     = true
}

variable "object_lock_enabled" {
  type        = bool
  description = "Enable S3 Object Lock (write once, read many); only possible at creation"
  default     = false
}

variable "lifecycle_rules" {
  type = list(object({
    id                                 = string
    enabled                            = bool
    transition_days                    = optional(number)
    storage_class                      = optional(string)
    expiration_days                    = optional(number)
    noncurrent_version_expiration_days = optional(number)
  }))
  description = "Lifecycle rules applied to the whole bucket"
  default     = []
}
