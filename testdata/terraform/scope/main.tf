provider "aws" {
  region = "eu-north-1"
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-scope"
}

# DescribeKey carries no encryption context: a statement that grants it
# together with GenerateDataKey* under an encryption-context condition
# never allows DescribeKey.
resource "aws_kms_key" "combined" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL010@3 "DescribeKey carries no encryption context"
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" } }
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/Auditor" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" } }
      }
    ]
  })
}

resource "aws_cloudtrail" "combined" {
  name           = "combined"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.combined.arn
}

# Any trail of any account may encrypt with this key.
resource "aws_kms_key" "open" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {  # want TL013@7 "statement \"CloudTrail\" .*any trail in any account"
        Sid       = "CloudTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/Auditor" }
        Action    = "kms:Decrypt"
        Resource  = "*"
      }
    ]
  })
}

resource "aws_cloudtrail" "open" {
  name           = "open"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.open.arn
}

# Scoped by the trail's own ARN: fine.
resource "aws_kms_key" "scoped" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceArn" = "arn:aws:cloudtrail:eu-north-1:${data.aws_caller_identity.current.account_id}:trail/scoped" } }
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/Auditor" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" } }
      }
    ]
  })
}

resource "aws_cloudtrail" "scoped" {
  name           = "scoped"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.scoped.arn
}
