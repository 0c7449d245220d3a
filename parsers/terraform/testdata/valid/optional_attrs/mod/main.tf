# Attributes declared optional() take their defaults, nested ones too,
# also when the caller's value carries where it was written.
variable "settings" {
  type = object({
    name   = string
    prefix = optional(string, "audit")
    key = optional(object({
      rotate = optional(bool, true)
      alias  = optional(string)
    }), {})
  })
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = var.settings.key.rotate
  description         = format("%s-%s", var.settings.prefix, var.settings.name)
}

resource "aws_kms_alias" "trail" {
  name          = coalesce(var.settings.key.alias, "alias/${var.settings.name}")
  target_key_id = aws_kms_key.trail.key_id
}

resource "aws_cloudtrail" "main" {
  name           = "${var.settings.prefix}-${var.settings.name}"
  s3_bucket_name = "logs"
  kms_key_id     = aws_kms_key.trail.arn
}
