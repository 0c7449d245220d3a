# A key policy that lets CloudTrail in only for the trails of one
# organisation: AWS adds aws:SourceOrgID to CloudTrail's request when the
# trail's account is in an organisation, so the grant may hold. Whether it
# does depends on the account, which the configuration does not say: a
# note, never a TL011.
provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Admin"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
  statement {
    sid       = "CloudTrail"
    actions   = ["kms:DescribeKey", "kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceOrgID"
      values   = ["o-exampleorg1"]
    }
  }
  statement {
    sid       = "Readers"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/log-reader"]
    }
    condition {
      test     = "Null"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["false"]
    }
  }
}

resource "aws_kms_key" "org" {
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

resource "aws_cloudtrail" "org" {
  name           = "org"
  s3_bucket_name = "org-logs"
  kms_key_id     = aws_kms_key.org.arn # want TL030 "organization of the account of aws_cloudtrail.org"
}
