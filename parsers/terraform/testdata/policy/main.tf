locals {
  account = "123456789012"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Trail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = aws_kms_replica_key.r.arn
      },
    ]
  })
  readers = ["arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/b"]
}

resource "aws_kms_key" "k" {
  multi_region = true
  policy       = local.policy
}

resource "aws_kms_replica_key" "r" {
  primary_key_arn = aws_kms_key.k.arn
  region          = "ap-south-1"
  policy          = file("${path.module}/policy.json")
}

resource "aws_kms_alias" "a" {
  name          = "alias/trail"
  target_key_id = aws_kms_key.k.key_id
}

data "aws_iam_policy_document" "dyn" {
  source_policy_documents = [file("policy.json")]
  dynamic "statement" {
    for_each = local.readers
    content {
      sid     = "Read${statement.key}"
      actions = ["kms:Decrypt"]
      principals {
        type        = "*"
        identifiers = ["*"]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:PrincipalArn"
        values   = [statement.value, "b", "a"]
      }
    }
  }
}

resource "aws_kms_key_policy" "p" {
  key_id = aws_kms_key.k.id
  policy = data.aws_iam_policy_document.dyn.json
}

data "aws_partition" "p" {}
data "aws_region" "r" {}

resource "aws_cloudtrail" "t" {
  name           = upper("t-${data.aws_region.r.name}")
  s3_bucket_name = "${data.aws_partition.p.partition}-${data.aws_partition.p.dns_suffix}"
  kms_key_id     = aws_kms_alias.a.arn
}
