# CloudTrail has S3 write each log file with SSE-KMS: the data key request
# comes through S3 (kms:ViaService) and its encryption context holds the log
# file's object ARN as well as the trail's ARN.
provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-s3-context"
}

resource "aws_kms_key" "objects" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Describe", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:DescribeKey", Resource = "*" },
      {
        Sid       = "Encrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = {
          StringEquals = { "kms:ViaService" = "s3.eu-west-1.amazonaws.com" }
          StringLike = {
            "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${local.account}:trail/*"
            "kms:EncryptionContext:aws:s3:arn"         = "arn:aws:s3:::fixture-s3-context/*"
          }
        }
      },
      { Sid = "Readers", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${local.account}:role/Auditor" }, Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}

resource "aws_cloudtrail" "objects" {
  name           = "objects"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.objects.arn
}

# The encryption context holds an object's ARN, never the bucket's.
resource "aws_kms_key" "bucket_arn" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Describe", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:DescribeKey", Resource = "*" },
      {
        Sid       = "Encrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = {
          StringLike   = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${local.account}:trail/*" }
          StringEquals = { "kms:EncryptionContext:aws:s3:arn" = "arn:aws:s3:::fixture-s3-context" }
        }
      },
      { Sid = "Readers", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${local.account}:role/Auditor" }, Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}

resource "aws_cloudtrail" "bucket_arn" {
  name           = "bucket-arn"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.bucket_arn.arn # want TL011@3 "StringEquals kms:EncryptionContext:aws:s3:arn \"arn:aws:s3:::fixture-s3-context\" does not match"
}
