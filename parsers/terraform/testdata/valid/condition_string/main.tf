# A string variable used as a condition: Terraform converts "true" and
# "false", and an unknown string to an unknown bool.
variable "create_key" {
  type = string
}

variable "enable_rotation" {
  type    = string
  default = "true"
}

resource "aws_kms_key" "trail" {
  count               = var.create_key ? 1 : 0
  enable_key_rotation = var.enable_rotation
  policy              = !var.create_key ? null : jsonencode({ Statement = [] })
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "logs"
  kms_key_id     = var.create_key == "true" && length(aws_kms_key.trail) > 0 ? aws_kms_key.trail[0].arn : null
}
