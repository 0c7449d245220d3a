provider "aws" {
  region = "us-west-2"
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-readers"
}

data "aws_caller_identity" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
  cloudtrail_statements = [
    {
      Sid       = "Root"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${local.account}:root" }
      Action    = "kms:*"
      Resource  = "*"
    },
    {
      Sid       = "Describe"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "kms:DescribeKey"
      Resource  = "*"
    },
    {
      Sid       = "Encrypt"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "kms:GenerateDataKey*"
      Resource  = "*"
      Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${local.account}:trail/*" } }
    },
  ]
}

# Only the administration statement: nobody is granted kms:Decrypt.
resource "aws_kms_key" "write_only" {
  enable_key_rotation = true
  policy              = jsonencode({ Version = "2012-10-17", Statement = local.cloudtrail_statements })  # want TL012@3 "grants a reader kms:Decrypt on the log files of trail aws_cloudtrail.write_only: its account-root kms:\\* statement only lets the account's IAM policies grant it, so who can read the logs depends on IAM policies trailint does not see. Add a reader statement"
}

resource "aws_cloudtrail" "write_only" {
  name           = "write-only"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.write_only.arn
}

# A reader statement for another region's trails only.
resource "aws_kms_key" "wrong_reader" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL012@3 "wrong_reader"
    Version = "2012-10-17"
    Statement = concat(local.cloudtrail_statements, [{
      Sid       = "IrelandReaders"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${local.account}:role/Auditor" }
      Action    = "kms:Decrypt"
      Resource  = "*"
      Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:eu-west-1:*:trail/*" } }
    }])
  })
}

resource "aws_cloudtrail" "wrong_reader" {
  name           = "wrong-reader"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.wrong_reader.arn
}

# The console's default policy: everyone in the account may decrypt
# CloudTrail log files.
resource "aws_kms_key" "console" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.cloudtrail_statements, [{
      Sid       = "Allow principals in the account to decrypt log files"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["kms:Decrypt", "kms:ReEncryptFrom"]
      Resource  = "*"
      Condition = {
        StringEquals = { "kms:CallerAccount" = local.account }
        StringLike   = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${local.account}:trail/*" }
      }
    }])
  })
}

resource "aws_cloudtrail" "console" {
  name           = "console"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.console.arn
}
