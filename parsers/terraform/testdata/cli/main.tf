variable "tags" {
  type = map(string)
}

variable "key" {
  type = string
}

variable "name" {
  type    = string
  default = "from-default"
}

variable "settings" {
  type = object({
    enabled = optional(bool, true)
    suffix  = optional(string)
  })
  default = {}
}

variable "nonnull" {
  type     = string
  default  = "kept"
  nullable = false
}

resource "aws_cloudtrail" "t" {
  name                  = "${var.name}-${var.tags["a"]}-${var.nonnull}"
  kms_key_id            = var.key
  is_organization_trail = var.settings.enabled
  s3_bucket_name        = coalesce(var.settings.suffix, "fallback")
}

resource "aws_kms_key" "each" {
  for_each            = { a = true, b = false }
  is_enabled          = each.value
  enable_key_rotation = !each.value
  description         = each.key
}
