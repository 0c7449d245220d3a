# Attributes declared optional() take their defaults.
variable "settings" {
  type = object({
    name   = string
    prefix = optional(string, "audit")
    key = optional(object({
      rotate = optional(bool, true)
    }), {})
  })
}

variable "account" {
  type = string
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = var.settings.key.rotate
  description         = format("%s-%s", var.settings.prefix, var.settings.name)
  policy = templatefile("${path.module}/../templates/key-policy.json", {
    account = var.account
  })
}

resource "aws_cloudtrail" "main" {
  name           = "${var.settings.prefix}-${var.settings.name}"
  s3_bucket_name = "${var.settings.prefix}-logs"
  kms_key_id     = aws_kms_key.trail.arn
}

output "key_id" {
  value = aws_kms_key.trail.key_id
}
