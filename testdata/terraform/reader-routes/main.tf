# Readers allowed through the organisation, or through S3, are readers:
# TL012 asks whether some principal can decrypt the log files, by any way
# they are read.
provider "aws" {
  region = "ap-southeast-2"
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-reader-routes"
}

data "aws_caller_identity" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
  cloudtrail_statements = [
    { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${local.account}:root" }, Action = "kms:*", Resource = "*" },
    { Sid = "Describe", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:DescribeKey", Resource = "*" },
    {
      Sid       = "Encrypt"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "kms:GenerateDataKey*"
      Resource  = "*"
      Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${local.account}:trail/*" } }
    },
  ]
  log_files = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" }
}

# Every principal of the organisation may read the log files.
resource "aws_kms_key" "organization" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.cloudtrail_statements, [{
      Sid       = "OrganizationReaders"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "kms:Decrypt"
      Resource  = "*"
      Condition = {
        StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
        Null         = local.log_files
      }
    }])
  })
}

resource "aws_cloudtrail" "organization" {
  name           = "organization"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.organization.arn
}

# The auditors read the log files with S3 GetObject, which asks KMS to
# decrypt on their behalf through the bucket's region.
resource "aws_kms_key" "through_s3" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.cloudtrail_statements, [{
      Sid       = "ReadersThroughS3"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${local.account}:role/Auditor" }
      Action    = "kms:Decrypt"
      Resource  = "*"
      Condition = {
        StringEquals = { "kms:ViaService" = "s3.ap-southeast-2.amazonaws.com" }
        Null         = local.log_files
      }
    }])
  })
}

resource "aws_cloudtrail" "through_s3" {
  name           = "through-s3"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.through_s3.arn
}

# S3 asks on the reader's behalf, in a forward access session.
resource "aws_kms_key" "called_via_s3" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.cloudtrail_statements, [{
      Sid       = "ReadersThroughS3"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${local.account}:role/Auditor" }
      Action    = "kms:Decrypt"
      Resource  = "*"
      Condition = {
        "ForAnyValue:StringEquals" = { "aws:CalledVia" = "s3.amazonaws.com" }
        Bool                       = { "aws:ViaAWSService" = "true" }
        Null                       = local.log_files
      }
    }])
  })
}

resource "aws_cloudtrail" "called_via_s3" {
  name           = "called-via-s3"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.called_via_s3.arn
}

# S3 of another region than the bucket's never asks for these log files.
resource "aws_kms_key" "through_s3_elsewhere" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL012@3 "no statement of the key policy of aws_kms_key.through_s3_elsewhere grants a reader kms:Decrypt on the log files of trail aws_cloudtrail.through_s3_elsewhere"
    Version = "2012-10-17"
    Statement = concat(local.cloudtrail_statements, [{
      Sid       = "ReadersThroughS3"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${local.account}:role/Auditor" }
      Action    = "kms:Decrypt"
      Resource  = "*"
      Condition = {
        StringEquals = { "kms:ViaService" = "s3.us-east-1.amazonaws.com" }
        Null         = local.log_files
      }
    }])
  })
}

resource "aws_cloudtrail" "through_s3_elsewhere" {
  name           = "through-s3-elsewhere"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.through_s3_elsewhere.arn
}

# Decrypting through EC2 does not read log files.
resource "aws_kms_key" "through_ec2" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL012@3 "no statement of the key policy of aws_kms_key.through_ec2 grants a reader kms:Decrypt on the log files of trail aws_cloudtrail.through_ec2"
    Version = "2012-10-17"
    Statement = concat(local.cloudtrail_statements, [{
      Sid       = "VolumeReaders"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "kms:Decrypt"
      Resource  = "*"
      Condition = {
        StringEquals = { "kms:ViaService" = "ec2.ap-southeast-2.amazonaws.com", "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
      }
    }])
  })
}

resource "aws_cloudtrail" "through_ec2" {
  name           = "through-ec2"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.through_ec2.arn
}

# A bucket declared elsewhere is in a region trailint does not know: S3 of
# any region may be the one that reads.
resource "aws_kms_key" "unknown_bucket" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.cloudtrail_statements, [{
      Sid       = "ReadersThroughS3"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${local.account}:role/Auditor" }
      Action    = "kms:Decrypt"
      Resource  = "*"
      Condition = { StringLike = { "kms:ViaService" = "s3.*.amazonaws.com" } }
    }])
  })
}

resource "aws_cloudtrail" "unknown_bucket" {
  name           = "unknown-bucket"
  s3_bucket_name = var.bucket
  kms_key_id     = aws_kms_key.unknown_bucket.arn
}

variable "bucket" {
  type = string
}
