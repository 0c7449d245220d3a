# The region is written, and given by a variable without a value: that
# variable decides, and --region, which gives only regions no
# configuration writes, settles nothing.
variable "region" {
  type = string
}

provider "aws" {
  region = var.region
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-undecided-by-variable-logs"
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Admin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main" } }
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/Auditor" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" } }
      },
    ]
  })
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.trail.arn # want TL030@3 "^the key policy of aws_kms_key.trail cannot be fully checked for trail aws_cloudtrail.main: whether CloudTrail may call kms:DescribeKey and kms:GenerateDataKey depends on the partition of provider aws in by-variable, var.region and the account of provider aws in by-variable: .*\"arn:\\$\\{partition of provider aws in by-variable\\}:cloudtrail:\\$\\{var.region\\}:\\$\\{account of provider aws in by-variable\\}:trail/main\".$"
}
