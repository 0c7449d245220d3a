variable "name" {
  type = string
}

module "key" {
  source = "./modules/x"
}

resource "aws_cloudtrail" "main" {
  name           = var.name
  s3_bucket_name = "logs"
  kms_key_id     = module.key.arn
}
