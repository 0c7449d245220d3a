provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "virginia"
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Describe", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:DescribeKey", Resource = "*" },
      { Sid       = "Encrypt", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:GenerateDataKey*", Resource = "*",
      Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${local.account}:trail/*" } } },
      { Sid       = "Readers", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${local.account}:role/Auditor" }, Action = "kms:Decrypt", Resource = "*",
      Condition = { Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" } } },
    ]
  })
}

# The bucket is named literally on the trail; trailint ties the name to the
# bucket declared here, in eu-west-1.
resource "aws_s3_bucket" "logs" {
  bucket = "fixture-regions-logs"
}

resource "aws_kms_key" "primary" {
  provider            = aws.virginia
  enable_key_rotation = true
  multi_region        = true
  policy              = local.policy
}

resource "aws_cloudtrail" "wrong_region" {
  name           = "wrong-region"
  s3_bucket_name = "fixture-regions-logs"
  kms_key_id     = aws_kms_key.primary.arn # want TL020@3 "uses a key in us-east-1 but bucket aws_s3_bucket.logs is in eu-west-1"
}

# A replica of the multi-Region key in the bucket's region is fine.
resource "aws_kms_replica_key" "ireland" {
  primary_key_arn = aws_kms_key.primary.arn
  policy          = local.policy
}

resource "aws_cloudtrail" "replica" {
  name           = "replica"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_replica_key.ireland.arn
}

# A literal key ARN says its region.
resource "aws_cloudtrail" "literal_arn" {
  name           = "literal-arn"
  s3_bucket_name = aws_s3_bucket.logs.bucket
  kms_key_id     = "arn:aws:kms:ap-south-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab" # want TL020@3 "uses a key in ap-south-1" TL030@3 "not declared in the scanned files"
}

# The provider v6 per-resource region argument moves the key.
resource "aws_kms_key" "moved" {
  region              = "eu-west-1"
  provider            = aws.virginia
  enable_key_rotation = true
  policy              = local.policy
}

resource "aws_cloudtrail" "moved" {
  name           = "moved"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.moved.arn
}
