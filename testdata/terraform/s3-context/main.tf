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

# Without an S3 Bucket Key, the encryption context holds an object's ARN,
# never the bucket's.
resource "aws_kms_key" "bucket_arn" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL011@3 "StringEquals kms:EncryptionContext:aws:s3:arn \"arn:aws:s3:::fixture-s3-context\" does not match"
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
  kms_key_id     = aws_kms_key.bucket_arn.arn
}

# With an S3 Bucket Key, S3 asks KMS for the bucket key with the bucket's ARN
# as the context: a grant conditioned on the bucket ARN works, one
# conditioned on object ARNs does not.
resource "aws_s3_bucket" "bucket_key" {
  bucket = "fixture-s3-bucket-key"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "bucket_key" {
  bucket = aws_s3_bucket.bucket_key.id
  rule {
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

locals {
  s3_condition_policy = { for arn in ["arn:aws:s3:::fixture-s3-bucket-key", "arn:aws:s3:::fixture-s3-bucket-key/*"] : arn => jsonencode({
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
          StringLike = {
            "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${local.account}:trail/*"
            "kms:EncryptionContext:aws:s3:arn"         = arn
          }
        }
      },
      { Sid = "Readers", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${local.account}:role/Auditor" }, Action = "kms:Decrypt", Resource = "*" },
    ]
  }) }
}

resource "aws_kms_key" "bucket_key" {
  enable_key_rotation = true
  policy              = local.s3_condition_policy["arn:aws:s3:::fixture-s3-bucket-key"]
}

resource "aws_cloudtrail" "bucket_key" {
  name           = "bucket-key"
  s3_bucket_name = aws_s3_bucket.bucket_key.id
  kms_key_id     = aws_kms_key.bucket_key.arn
}

resource "aws_kms_key" "objects_with_bucket_key" {
  enable_key_rotation = true
  policy              = local.s3_condition_policy["arn:aws:s3:::fixture-s3-bucket-key/*"]  # want TL011@3 "s3:arn .arn:aws:s3:::fixture-s3-bucket-key/.. does not match .arn:aws:s3:::fixture-s3-bucket-key."
}

resource "aws_cloudtrail" "objects_with_bucket_key" {
  name           = "objects-with-bucket-key"
  s3_bucket_name = aws_s3_bucket.bucket_key.id
  kms_key_id     = aws_kms_key.objects_with_bucket_key.arn
}

# A bucket not declared here may or may not use an S3 Bucket Key: a
# condition on its ARN is undecided, not refused.
resource "aws_cloudtrail" "elsewhere" {
  name           = "elsewhere"
  s3_bucket_name = "fixture-s3-bucket-key-elsewhere"
  kms_key_id     = aws_kms_key.elsewhere.arn # want TL030@3 "or nothing with an S3 Bucket Key"
}

resource "aws_kms_key" "elsewhere" {
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
          StringEquals = { "kms:EncryptionContext:aws:s3:arn" = "arn:aws:s3:::fixture-s3-bucket-key-elsewhere" }
        }
      },
      { Sid = "Readers", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${local.account}:role/Auditor" }, Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}

# Settings trailint cannot read for sure make a condition on the bucket ARN
# undecided, never refused: encryption tied to its bucket by name, a rule
# written as a dynamic block, a Bucket Key beside SSE-S3.
resource "aws_s3_bucket" "by_name" {
  bucket = "fixture-s3-by-name"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "by_name" {
  bucket = "fixture-s3-by-name"
  rule {
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_kms_key" "by_name" {
  enable_key_rotation = true
  policy              = replace(local.s3_condition_policy["arn:aws:s3:::fixture-s3-bucket-key"], "fixture-s3-bucket-key", "fixture-s3-by-name")
}

resource "aws_cloudtrail" "by_name" {
  name           = "by-name"
  s3_bucket_name = aws_s3_bucket.by_name.id
  kms_key_id     = aws_kms_key.by_name.arn
}

resource "aws_s3_bucket" "dynamic_rule" {
  bucket = "fixture-s3-dynamic-rule"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "dynamic_rule" {
  bucket = aws_s3_bucket.dynamic_rule.id
  dynamic "rule" {
    for_each = [true]
    content {
      bucket_key_enabled = rule.value
    }
  }
}

resource "aws_kms_key" "dynamic_rule" {
  enable_key_rotation = true
  policy              = replace(local.s3_condition_policy["arn:aws:s3:::fixture-s3-bucket-key"], "fixture-s3-bucket-key", "fixture-s3-dynamic-rule")
}

resource "aws_cloudtrail" "dynamic_rule" {
  name           = "dynamic-rule"
  s3_bucket_name = aws_s3_bucket.dynamic_rule.id
  kms_key_id     = aws_kms_key.dynamic_rule.arn # want TL030@3 "or nothing with an S3 Bucket Key"
}

resource "aws_s3_bucket" "sse_s3" {
  bucket = "fixture-s3-sse-s3"
  server_side_encryption_configuration {
    rule {
      bucket_key_enabled = true
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
}

resource "aws_kms_key" "sse_s3" {
  enable_key_rotation = true
  policy              = replace(local.s3_condition_policy["arn:aws:s3:::fixture-s3-bucket-key/*"], "fixture-s3-bucket-key", "fixture-s3-sse-s3")
}

resource "aws_cloudtrail" "sse_s3" {
  name           = "sse-s3"
  s3_bucket_name = aws_s3_bucket.sse_s3.id
  kms_key_id     = aws_kms_key.sse_s3.arn # want TL030@3 "or nothing with an S3 Bucket Key"
}
