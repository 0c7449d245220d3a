# Key policies whose key is not in the scan: passed to registry key modules
# that are not downloaded, or set on a key declared elsewhere. Each is
# checked for any trail that will use its key.
provider "aws" {
  region = "us-east-2"
}

data "aws_caller_identity" "current" {}

# No statement lets CloudTrail describe the key.
data "aws_iam_policy_document" "kms" {  # want TL010@1 "^no trail can use the key of module.kms, whose module is not in the scan: the key policy module.kms passes as policy does not let cloudtrail.amazonaws.com call kms:DescribeKey for any trail, whatever its name, home region or account [(]no statement grants kms:DescribeKey to cloudtrail.amazonaws.com[)]. No trail in the scan is known to use the key, so this holds for every trail that will use it. Add the statement block below to the policy document."
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
    sid       = "Encrypt"
    actions   = ["kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*"]
    }
  }
  statement {
    sid       = "Readers"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/Auditor"]
    }
    condition {
      test     = "Null"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["false"]
    }
  }
}

module "kms" {
  source      = "cloudposse/kms-key/aws"
  version     = "0.12.2"
  description = "CloudTrail logs"
  policy      = data.aws_iam_policy_document.kms.json
}

# Any trail of any account may encrypt, and nobody may read the logs.
module "kms_open" {
  source = "terraform-aws-modules/kms/aws"
  policy = jsonencode({  # want TL012@3 "^no statement of the key policy module.kms_open passes as policy grants a reader kms:Decrypt on the log files of the trails that will use the key of module.kms_open, whose module is not in the scan: its account-root kms:\\* statement only lets the account's IAM policies grant it, so who can read the logs depends on IAM policies trailint does not see. No trail in the scan is known to use the key"
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Describe", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:DescribeKey", Resource = "*" },
      {  # want TL013@7 "^statement \"Encrypt\" of the key policy module.kms_open passes as policy lets cloudtrail.amazonaws.com call kms:GenerateDataKey[*] for any trail in any account: its condition StringLike kms:EncryptionContext:aws:cloudtrail:arn .arn:aws:cloudtrail:[*]:[*]:trail/[*]. admits the trails of every account, so it scopes nothing. No trail in the scan is known to use the key"
        Sid       = "Encrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:*:trail/*" } }
      },
    ]
  })
}

# A bucket's policy passed to a bucket module is not a key policy.
module "logs" {
  source = "example-org/s3-bucket/aws"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "AclCheck", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:GetBucketAcl", Resource = "arn:aws:s3:::fixture-alone-logs" },
      { Sid = "Write", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:PutObject", Resource = "arn:aws:s3:::fixture-alone-logs/AWSLogs/*" },
    ]
  })
}

variable "key_id" {
  type = string
}

# The key is declared elsewhere; this policy denies CloudTrail, which has
# no organisation, everything.
resource "aws_kms_key_policy" "org_only" {
  key_id = var.key_id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "CloudTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringLike = { "aws:SourceArn" = "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" } }
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/Auditor" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" } }
      },
      {  # want TL010@7 "^no trail can use the key of aws_kms_key_policy.org_only, which is not in the scan: the key policy of aws_kms_key_policy.org_only does not let cloudtrail.amazonaws.com call kms:DescribeKey for any trail, whatever its name, home region or account .statement \"OrgOnly\" denies it.*Exempt CloudTrail from that Deny" TL011@7 "^no trail can use the key of aws_kms_key_policy.org_only.*kms:GenerateDataKey for any trail.*statement \"OrgOnly\" denies it"
        Sid       = "OrgOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "kms:*"
        Resource  = "*"
        Condition = { StringNotEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
    ]
  })
}
