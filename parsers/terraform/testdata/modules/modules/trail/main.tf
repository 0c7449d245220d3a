variable "name" {
  type = string
}

variable "kms_key_arn" {
  type    = string
  default = ""
}

resource "aws_cloudtrail" "this" {
  name           = var.name
  s3_bucket_name = "logs"
  kms_key_id     = var.kms_key_arn != "" ? var.kms_key_arn : null
}
