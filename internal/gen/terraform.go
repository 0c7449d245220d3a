package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// terraformRoot writes root module i: variables, a key gated by count, its
// policy document, a call of a local module holding the bucket and the
// trail, and filler resources. A root without a key still feeds the module
// one(aws_kms_key.trail[*].arn), which is null when the count is 0.
func (t *Tree) terraformRoot(i int, noKey bool, rng *rand.Rand) {
	dir := RootDir(i)
	region := regions[rng.IntN(len(regions))]
	project := fmt.Sprintf("p%04d", i)
	t.Trails++

	var b strings.Builder
	fmt.Fprintf(&b, `terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}

locals {
  tags = {
    project = var.project
    owner   = "team-%02d"
    managed = "terraform"
  }
}

module "trail" {
  source      = "./modules/trail"
  name        = "${var.project}-trail"
  kms_key_arn = one(aws_kms_key.trail[*].arn)
  tags        = local.tags
}

output "trail_arn" {
  value = module.trail.trail_arn
}
`, i%50)
	for j := range 5 + rng.IntN(3) {
		b.WriteString(filler(j, rng, rootScope))
	}
	t.Files[dir+"/main.tf"] = []byte(b.String())

	t.Files[dir+"/variables.tf"] = fmt.Appendf(nil, `variable "region" {
  description = "Region of every resource of this root."
  type        = string
  default     = %q
}

variable "project" {
  description = "Prefix of every name."
  type        = string
  default     = %q
}

variable "encrypt_logs" {
  description = "Create the customer managed key of the trail."
  type        = bool
  default     = %t
}

variable "retention_days" {
  description = "Days to keep log groups."
  type        = number
  default     = %d
}
`, region, project, !noKey, 30+rng.IntN(300))

	t.Files[dir+"/key.tf"] = []byte(keyTF)

	mod := dir + "/modules/trail/main.tf"
	var mb strings.Builder
	mb.WriteString(moduleTF)
	for j := range 3 + rng.IntN(2) {
		mb.WriteString(filler(10+j, rng, moduleScope))
	}
	t.Files[mod] = []byte(mb.String())
	if noKey {
		t.want("TL001", mod, "kms_key_id")
	}
}

// keyTF is a key CloudTrail can use: DescribeKey, GenerateDataKey* scoped
// to this account's trails by encryption context, a reader statement and
// rotation.
const keyTF = `data "aws_iam_policy_document" "trail_key" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
  statement {
    sid       = "CloudTrailDescribe"
    actions   = ["kms:DescribeKey"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
  statement {
    sid       = "CloudTrailEncrypt"
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
    sid       = "LogReaders"
    actions   = ["kms:Decrypt", "kms:ReEncryptFrom"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/AuditReader"]
    }
    condition {
      test     = "Null"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["false"]
    }
  }
}

resource "aws_kms_key" "trail" {
  count                   = var.encrypt_logs ? 1 : 0
  description             = "CloudTrail log files of ${var.project}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.trail_key.json
  tags                    = local.tags
}

resource "aws_kms_alias" "trail" {
  count         = var.encrypt_logs ? 1 : 0
  name          = "alias/${var.project}-trail"
  target_key_id = aws_kms_key.trail[0].key_id
}
`

// moduleTF is the local module: the trail takes its key from the caller.
const moduleTF = `variable "name" {
  type = string
}

variable "kms_key_arn" {
  description = "ARN of the key that encrypts the log files."
  type        = string
  default     = null
}

variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_s3_bucket" "logs" {
  bucket        = "${var.name}-logs"
  force_destroy = false
  tags          = var.tags
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_cloudtrail" "this" {
  name                          = var.name
  s3_bucket_name                = aws_s3_bucket.logs.id
  kms_key_id                    = var.kms_key_arn
  include_global_service_events = true
  is_multi_region_trail         = true
  enable_log_file_validation    = true
  tags                          = var.tags
}

output "trail_arn" {
  value = aws_cloudtrail.this.arn
}
`

// names are the expressions filler resources use, as the module they sit
// in spells them.
type names struct{ prefix, tags, retention string }

var (
	rootScope   = names{"${var.project}", "local.tags", "var.retention_days"}
	moduleScope = names{"${var.name}", "var.tags", "90"}
)

// filler returns a resource trailint does not check, of a kind picked by j.
func filler(j int, rng *rand.Rand, s names) string {
	n := rng.IntN(10000)
	r := strings.NewReplacer("PREFIX", s.prefix, "TAGS", s.tags, "RETENTION", s.retention)
	return r.Replace(fillerOf(j, n))
}

func fillerOf(j, n int) string {
	switch j % 4 {
	case 0:
		return fmt.Sprintf(`
resource "aws_cloudwatch_log_group" "app_%[1]d" {
  name              = "/app/PREFIX/%[2]d"
  retention_in_days = RETENTION
  tags              = TAGS
}
`, j, n)
	case 1:
		return fmt.Sprintf(`
resource "aws_sns_topic" "alerts_%[1]d" {
  name = "PREFIX-alerts-%[2]d"
  tags = TAGS
}

resource "aws_sns_topic_subscription" "alerts_%[1]d" {
  topic_arn = aws_sns_topic.alerts_%[1]d.arn
  protocol  = "email"
  endpoint  = "ops+%[2]d@example.com"
}
`, j, n)
	case 2:
		return fmt.Sprintf(`
resource "aws_iam_role" "worker_%[1]d" {
  name = "PREFIX-worker-%[2]d"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = TAGS
}
`, j, n)
	default:
		return fmt.Sprintf(`
resource "aws_sqs_queue" "jobs_%[1]d" {
  name                       = "PREFIX-jobs-%[2]d"
  visibility_timeout_seconds = %[3]d
  message_retention_seconds  = 345600
  tags                       = TAGS
}
`, j, n, 30+n%300)
	}
}
