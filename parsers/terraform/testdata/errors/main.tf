locals {
  a = local.b
  b = local.a
  c = nosuch("x")
  d = file("../outside.json")
  e = file("missing.json")
}

variable "n" {
  type = number
}

resource "aws_kms_key" "k" {
  count  = var.n
  policy = local.d
}

resource "aws_cloudtrail" "t" {
  name       = local.a
  kms_key_id = local.c
  s3_bucket_name = local.e
}

module "broken" {
  source = "./broken"
}

module "escape" {
  source = "../../elsewhere"
}
