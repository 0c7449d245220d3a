# The bare type keywords of Terraform 0.11, which Terraform still takes
# as list(any) and map(any).
variable "key_arns" {
  type    = list
  default = ["arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666"]
}

variable "names" {
  type = map
  default = {
    trail = "audit"
  }
}

resource "aws_cloudtrail" "main" {
  name           = var.names["trail"]
  s3_bucket_name = "logs"
  kms_key_id     = var.key_arns[0]
}
