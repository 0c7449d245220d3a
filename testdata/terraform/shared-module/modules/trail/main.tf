# A reusable module that two roots call, each in its own region with its
# own trail name. Its key policy lacks the DescribeKey grant and a reader:
# one defect each, whichever root reaches it, reported once and fixed in
# the module's own terms (var.name, var.aws_account_id, its aws_region).
variable "name" {
  type = string
}

variable "aws_account_id" {
  type = string
}

data "aws_region" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket = "${var.name}-logs"
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL010@3 "^trail module.trail.aws_cloudtrail.this \\(in roots a and b\\) cannot use key module.trail.aws_kms_key.trail: .*kms:DescribeKey for it \\(no statement grants kms:DescribeKey" TL012@3 "^no statement of the key policy of module.trail.aws_kms_key.trail grants a reader kms:Decrypt on the log files of trail module.trail.aws_cloudtrail.this \\(in roots a and b\\)"
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Administration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${var.aws_account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Encrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${var.aws_account_id}:trail/*" } }
      },
    ]
  })
}

resource "aws_cloudtrail" "this" {
  name           = var.name
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.trail.arn
}
