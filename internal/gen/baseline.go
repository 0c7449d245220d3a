package gen

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// BaselineConfig shapes the tree of an account security baseline: a root
// module that calls a dozen baseline modules in every region, each call
// with the provider of its region, and example roots that call the root
// with source = "../../". One module holds the trail, its key, the key's
// policy document and the bucket; every other module is unrelated to it,
// full of count and for_each over values only known at plan time.
type BaselineConfig struct {
	// Regions is how many regions the regional modules are called in; 0
	// or more than there are means all 17.
	Regions int
	// Examples is how many example roots call the root; 0 or more than
	// there are means all 4.
	Examples int
	// NoKey makes the last example turn the trail's key off, so that its
	// trail has none: TL001.
	NoKey bool
	// NoDescribeKey leaves the kms:DescribeKey grant to CloudTrail out of
	// the key policy: TL010, for the trail of every example that creates
	// the key.
	NoDescribeKey bool
}

// Where the baseline tree keeps what tests and benchmarks point at.
const (
	// BaselineTrailModule is the directory of the module with the trail.
	BaselineTrailModule = "modules/cloudtrail"
	// BaselineTrailFile is the file that declares the trail.
	BaselineTrailFile = BaselineTrailModule + "/main.tf"
	// BaselineUnrelatedFile is a file of a module that has nothing to do
	// with the trail, the kind of file most commits touch.
	BaselineUnrelatedFile = "modules/guardduty/main.tf"
)

// baselineRegions are the regions a baseline covers: those every account
// has enabled by default.
var baselineRegions = []string{
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
	"ca-central-1", "sa-east-1",
	"eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
	"ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-southeast-1", "ap-southeast-2",
}

// BaselineExamples lists the example roots, in the order NoKey counts
// them from.
func BaselineExamples(c BaselineConfig) []string {
	var out []string
	for _, e := range baselineExamples[:c.examples()] {
		out = append(out, "examples/"+e.name)
	}
	return out
}

func (c BaselineConfig) regions() []string {
	if c.Regions <= 0 || c.Regions > len(baselineRegions) {
		return baselineRegions
	}
	return baselineRegions[:c.Regions]
}

func (c BaselineConfig) examples() int {
	if c.Examples <= 0 || c.Examples > len(baselineExamples) {
		return len(baselineExamples)
	}
	return c.Examples
}

// Baseline builds the baseline tree in memory. Want holds its findings:
// TL001 on the trail's kms_key_id with NoKey, TL010 at the key's policy
// document with NoDescribeKey when some example creates the key. Nothing else in the
// tree is wrong, and none of it is invalid Terraform.
func Baseline(c BaselineConfig) *Tree {
	t := &Tree{Files: map[string][]byte{}}
	regions := c.regions()
	// A checkout: the repository is the boundary that local module
	// sources such as "../../" stay within.
	t.Files[".git/HEAD"] = []byte("ref: refs/heads/main\n")
	t.baselineRoot(regions)
	for _, m := range unrelatedModules {
		for name, text := range m.files {
			t.Files["modules/"+m.dir+"/"+name] = []byte(text)
		}
	}
	t.Files[BaselineTrailModule+"/main.tf"] = []byte(cloudtrailMain(!c.NoDescribeKey))
	t.Files[BaselineTrailModule+"/variables.tf"] = []byte(cloudtrailVars)
	t.Files[BaselineTrailModule+"/outputs.tf"] = []byte(cloudtrailOutputs)

	n := c.examples()
	for i, e := range baselineExamples[:n] {
		noKey := c.NoKey && i == n-1
		t.baselineExample(e, regions, noKey)
		t.Trails++
	}
	// Each finding is located where its fix goes: TL001 on the trail's key
	// attribute, TL010 at the policy document the statement is added to.
	if c.NoKey {
		t.wantAfter("TL001", BaselineTrailFile, `resource "aws_cloudtrail"`, "kms_key_id")
	}
	if c.NoDescribeKey && (!c.NoKey || n > 1) {
		t.wantAfter("TL010", BaselineTrailFile, `data "aws_iam_policy_document" "key"`, "data")
	}
	sortWant(t.Want)
	return t
}

func sortWant(w []Finding) {
	slices.SortFunc(w, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Rule, b.Rule))
	})
}

// ident turns a region into the part of a module call's name it gives.
func ident(region string) string { return strings.ReplaceAll(region, "-", "_") }

// regional is a module the root calls once in every region.
type regional struct {
	dir string // under modules/
	// gate is the call's count or for_each line, and args its arguments;
	// REGION stands for the region.
	gate, args string
}

var regionalModules = []regional{
	{"guardduty", `count = var.guardduty_enabled && contains(var.target_regions, "REGION") ? 1 : 0`, `
  context                      = local.context
  master_account_id            = local.master_account_id
  member_accounts              = var.member_accounts
  finding_publishing_frequency = var.guardduty_finding_publishing_frequency
  features                     = var.guardduty_features
`},
	{"securityhub", `count = var.securityhub_enabled && contains(var.target_regions, "REGION") ? 1 : 0`, `
  context           = local.context
  master_account_id = local.master_account_id
  member_accounts   = var.member_accounts
  standards         = var.securityhub_standards
  aggregator_region = var.region
`},
	{"vpc", `count = var.vpc_enabled && contains(var.target_regions, "REGION") ? 1 : 0`, `
  context   = local.context
  flow_logs = merge(var.vpc_flow_logs, { iam_role_arn = one(module.iam[*].flow_logs_role_arn) })
`},
	{"config", `count = var.config_enabled && contains(var.target_regions, "REGION") ? 1 : 0`, `
  context                  = local.context
  iam_role_arn             = one(module.iam[*].config_role_arn)
  s3_bucket_name           = var.audit_log_bucket_name
  s3_key_prefix            = "config"
  include_global_resources = var.region == "REGION"
  sns                      = var.config_sns

  aggregator = {
    enabled     = local.is_master_account
    region      = var.region
    account_ids = [for m in var.member_accounts : m.account_id]
  }
`},
	{"ebs", `count = var.ebs_enabled && contains(var.target_regions, "REGION") ? 1 : 0`, `
  context        = local.context
  create_kms_key = var.ebs_create_kms_key
`},
	{"access-analyzer", `count = var.access_analyzer_enabled && contains(var.target_regions, "REGION") ? 1 : 0`, `
  context       = local.context
  type          = local.is_master_account && var.access_analyzer_organization ? "ORGANIZATION" : "ACCOUNT"
  archive_rules = var.access_analyzer_archive_rules
`},
	{"inspector", `count = var.inspector_enabled && contains(var.target_regions, "REGION") ? 1 : 0`, `
  context           = local.context
  master_account_id = local.master_account_id
  member_accounts   = var.member_accounts
  resource_types    = var.inspector_resource_types
`},
	{"macie", `count = var.macie_enabled && contains(var.target_regions, "REGION") ? 1 : 0`, `
  context           = local.context
  master_account_id = local.master_account_id
  member_accounts   = var.member_accounts
  export            = var.macie_export
`},
	{"ssm", `count = var.ssm_enabled && contains(var.target_regions, "REGION") ? 1 : 0`, `
  context      = local.context
  session_logs = var.ssm_session_logs
`},
	{"events", `count = var.events_enabled && contains(var.target_regions, "REGION") ? 1 : 0`, `
  context        = local.context
  subscriptions  = var.events_subscriptions
  disabled_rules = var.securityhub_enabled ? [] : ["securityhub"]
`},
	// Vaults kept for the management account depend on who runs the
	// plan: for_each over a value known only then.
	{"backup", `for_each = { for name, vault in var.backup_vaults : name => vault if var.backup_enabled && contains(vault.regions != null ? vault.regions : var.target_regions, "REGION") && (local.is_management_account || !vault.management_only) }`, `
  context      = merge(local.context, { attributes = [each.key] })
  iam_role_arn = one(module.iam[*].backup_role_arn)
  kms_key_arn  = each.value.kms_key_arn
  vault_lock   = each.value.vault_lock
  plans        = each.value.plans
`},
	// Only the management account runs the behavior graph: a count known
	// only at plan time.
	{"detective", `count = var.detective_enabled && local.is_management_account && contains(var.target_regions, "REGION") ? 1 : 0`, `
  context           = local.context
  master_account_id = local.master_account_id
  member_accounts   = var.member_accounts
`},
}

func (t *Tree) baselineRoot(regions []string) {
	var aliases []string
	for _, r := range regions {
		aliases = append(aliases, "aws."+r)
	}
	t.Files["versions.tf"] = fmt.Appendf(nil, `terraform {
  required_version = ">= 1.3"

  required_providers {
    aws = {
      source                = "hashicorp/aws"
      version               = ">= 5.0"
      configuration_aliases = [%s]
    }
  }
}
`, strings.Join(aliases, ", "))

	quoted := make([]string, len(regions))
	for i, r := range regions {
		quoted[i] = fmt.Sprintf("%q", r)
	}
	t.Files["variables.tf"] = []byte(strings.Replace(rootVars, "TARGET_REGIONS", strings.Join(quoted, ", "), 1))
	t.Files["main.tf"] = []byte(rootMain)

	var outputs strings.Builder
	outputs.WriteString(rootOutputs)
	outputs.WriteString("\noutput \"guardduty_detector_ids\" {\n  description = \"GuardDuty detector of each region.\"\n  value = {\n")
	for _, r := range regions {
		fmt.Fprintf(&outputs, "    %q = one(module.guardduty_%s[*].detector_id)\n", r, ident(r))
	}
	outputs.WriteString("  }\n}\n")
	t.Files["outputs.tf"] = []byte(outputs.String())

	for _, m := range regionalModules {
		var b strings.Builder
		for i, r := range regions {
			if i > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "module %q {\n  source = \"./modules/%s\"\n  %s\n\n  providers = {\n    aws = aws.%s\n  }\n%s}\n",
				strings.ReplaceAll(m.dir, "-", "_")+"_"+ident(r), m.dir,
				strings.ReplaceAll(m.gate, "REGION", r), r,
				strings.ReplaceAll(m.args, "REGION", r))
		}
		t.Files[strings.ReplaceAll(m.dir, "-", "_")+".tf"] = []byte(b.String())
	}
}

const rootMain = `data "aws_caller_identity" "current" {}

locals {
  is_master_account = var.account_type == "master"
  # Whether the account that runs the plan administers the organisation:
  # known only then.
  is_management_account = data.aws_caller_identity.current.account_id == var.master_account_id
  master_account_id     = local.is_master_account ? data.aws_caller_identity.current.account_id : var.master_account_id

  context = merge(
    { namespace = null, tenant = null, environment = null, stage = null, delimiter = "-", attributes = [] },
    var.context,
    { tags = merge(lookup(var.context, "tags", {}), local.tags) },
  )
  tags = merge(var.tags, { managed-by = "terraform", baseline = "security" })
}

module "cloudtrail" {
  source = "./modules/cloudtrail"
  count  = var.cloudtrail_enabled ? 1 : 0

  providers = {
    aws = aws
  }

  name                  = var.cloudtrail_name
  s3_bucket_name        = var.audit_log_bucket_name
  create_kms_key        = var.cloudtrail_kms_key_enabled
  kms_key_arn           = var.cloudtrail_kms_key_arn
  key_deletion_window   = var.cloudtrail_key_deletion_window
  log_reader_arns       = var.cloudtrail_log_reader_arns
  cloudwatch_logs       = var.cloudtrail_cloudwatch_logs
  is_organization_trail = local.is_master_account && var.cloudtrail_organization_trail
  tags                  = local.tags
}

module "iam" {
  source = "./modules/iam"
  count  = var.iam_enabled ? 1 : 0

  providers = {
    aws = aws
  }

  context                   = local.context
  password_policy           = var.iam_password_policy
  support_role_trusted_arns = var.iam_support_role_trusted_arns
  audit_roles               = var.iam_audit_roles
}

module "s3_account" {
  source = "./modules/s3-account"
  count  = var.s3_account_public_access_block_enabled ? 1 : 0

  providers = {
    aws = aws
  }

  context = local.context
}

module "alarms" {
  source = "./modules/alarms"
  count  = var.alarms_enabled ? 1 : 0

  providers = {
    aws = aws
  }

  context         = local.context
  log_group_name  = one(module.cloudtrail[*].log_group_name)
  disabled_alarms = var.alarms_disabled
  sns_topic_arn   = var.alarms_sns_topic_arn
}
`

const rootOutputs = `output "cloudtrail_arn" {
  value = one(module.cloudtrail[*].trail_arn)
}

output "cloudtrail_kms_key_arn" {
  value = one(module.cloudtrail[*].kms_key_arn)
}

output "support_role_arn" {
  value = one(module.iam[*].support_role_arn)
}
`

const rootVars = `variable "account_type" {
  description = "master for the organisation's management account, member for the accounts it administers, individual for an account on its own."
  type        = string
  default     = "individual"

  validation {
    condition     = contains(["master", "member", "individual"], var.account_type)
    error_message = "account_type is one of master, member and individual."
  }
}

variable "master_account_id" {
  description = "The organisation's management account; null for an individual account."
  type        = string
  default     = null
}

variable "member_accounts" {
  description = "Accounts the management account administers."
  type = list(object({
    account_id = string
    email      = string
  }))
}

variable "region" {
  description = "Home region: the trail, IAM, alarms and the aggregators live there."
  type        = string
}

variable "target_regions" {
  description = "Regions the regional modules are enabled in."
  type        = list(string)
  default     = [TARGET_REGIONS]
}

variable "audit_log_bucket_name" {
  description = "Bucket of the trail's log files and the configuration history."
  type        = string
}

variable "context" {
  description = "Labels of every name and tag (see modules/label)."
  type        = any
  default     = {}
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "cloudtrail_enabled" {
  type    = bool
  default = true
}

variable "cloudtrail_name" {
  type    = string
  default = "cloudtrail-multi-region"
}

variable "cloudtrail_kms_key_enabled" {
  description = "Encrypt the log files with a key of this baseline."
  type        = bool
  default     = true
}

variable "cloudtrail_kms_key_arn" {
  description = "Key of another account or module for the log files; null creates one when cloudtrail_kms_key_enabled."
  type        = string
  default     = null
}

variable "cloudtrail_key_deletion_window" {
  type    = number
  default = 30
}

variable "cloudtrail_log_reader_arns" {
  type    = list(string)
  default = []
}

variable "cloudtrail_cloudwatch_logs" {
  type = object({
    enabled        = optional(bool, true)
    retention_days = optional(number, 365)
  })
  default = {}
}

variable "cloudtrail_organization_trail" {
  type    = bool
  default = false
}

variable "iam_enabled" {
  type    = bool
  default = true
}

variable "iam_password_policy" {
  type = object({
    minimum_length   = optional(number, 14)
    reuse_prevention = optional(number, 24)
    max_age          = optional(number, 90)
    require_symbols  = optional(bool, true)
    require_numbers  = optional(bool, true)
    allow_change     = optional(bool, true)
  })
  default = {}
}

variable "iam_support_role_trusted_arns" {
  type = list(string)
}

variable "iam_audit_roles" {
  type = map(object({
    trusted_arns   = list(string)
    managed_policy = optional(string, "SecurityAudit")
  }))
  default = {}
}

variable "s3_account_public_access_block_enabled" {
  type    = bool
  default = true
}

variable "alarms_enabled" {
  type    = bool
  default = true
}

variable "alarms_disabled" {
  type    = list(string)
  default = []
}

variable "alarms_sns_topic_arn" {
  type    = string
  default = null
}

variable "guardduty_enabled" {
  type    = bool
  default = true
}

variable "guardduty_finding_publishing_frequency" {
  type    = string
  default = "SIX_HOURS"
}

variable "guardduty_features" {
  type    = any
  default = {}
}

variable "securityhub_enabled" {
  type    = bool
  default = true
}

variable "securityhub_standards" {
  type    = any
  default = {}
}

variable "vpc_enabled" {
  type    = bool
  default = true
}

variable "vpc_flow_logs" {
  type = object({
    enabled        = optional(bool, true)
    retention_days = optional(number, 90)
    kms_key_arn    = optional(string)
    traffic_type   = optional(string, "ALL")
  })
  default = {}
}

variable "config_enabled" {
  type    = bool
  default = true
}

variable "config_sns" {
  type = object({
    create     = optional(bool, false)
    kms_key_id = optional(string)
  })
  default = {}
}

variable "ebs_enabled" {
  type    = bool
  default = true
}

variable "ebs_create_kms_key" {
  type    = bool
  default = true
}

variable "access_analyzer_enabled" {
  type    = bool
  default = true
}

variable "access_analyzer_organization" {
  type    = bool
  default = true
}

variable "access_analyzer_archive_rules" {
  type    = any
  default = {}
}

variable "inspector_enabled" {
  type    = bool
  default = true
}

variable "inspector_resource_types" {
  type    = list(string)
  default = ["EC2", "ECR", "LAMBDA"]
}

variable "macie_enabled" {
  type    = bool
  default = true
}

variable "macie_export" {
  type = object({
    bucket_name = optional(string)
    key_prefix  = optional(string, "macie/")
    kms_key_arn = optional(string)
  })
  default = {}
}

variable "ssm_enabled" {
  type    = bool
  default = true
}

variable "ssm_session_logs" {
  type    = any
  default = {}
}

variable "events_enabled" {
  type    = bool
  default = true
}

variable "events_subscriptions" {
  type = list(object({
    protocol = string
    endpoint = string
  }))
  default = []
}

variable "backup_enabled" {
  type    = bool
  default = true
}

variable "backup_vaults" {
  description = "Backup vaults by name, in every target region unless regions says otherwise."
  type = map(object({
    regions         = optional(list(string))
    management_only = optional(bool, false)
    kms_key_arn     = optional(string)
    vault_lock = optional(object({
      enabled             = optional(bool, false)
      min_retention_days  = optional(number, 7)
      max_retention_days  = optional(number, 365)
      changeable_for_days = optional(number)
    }), {})
    plans = optional(map(object({
      schedule           = string
      delete_after       = optional(number, 35)
      cold_storage_after = optional(number)
      selection_tag = optional(object({
        key   = string
        value = string
      }))
    })), { daily = { schedule = "cron(0 5 ? * * *)", selection_tag = { key = "backup", value = "daily" } } })
  }))
  default = { default = {} }
}

variable "detective_enabled" {
  type    = bool
  default = true
}
`

const cloudtrailVars = `variable "name" {
  description = "Name of the trail."
  type        = string
}

variable "s3_bucket_name" {
  description = "Bucket this module creates for the log files."
  type        = string
}

variable "create_kms_key" {
  description = "Create the key that encrypts the log files, unless kms_key_arn names one."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "Key of another module or account for the log files; null uses the key of this module."
  type        = string
  default     = null
}

variable "key_deletion_window" {
  type    = number
  default = 30
}

variable "log_reader_arns" {
  description = "Principals besides the account that may decrypt the log files."
  type        = list(string)
  default     = []
}

variable "cloudwatch_logs" {
  description = "Delivery of the events to a log group, as well as to the bucket."
  type = object({
    enabled        = optional(bool, true)
    retention_days = optional(number, 365)
  })
  default = {}
}

variable "is_organization_trail" {
  type    = bool
  default = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
`

// describeKeyStatement is the grant NoDescribeKey leaves out.
const describeKeyStatement = `
  statement {
    sid       = "CloudTrailDescribeKey"
    actions   = ["kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
`

// cloudtrailMain is the trail's module: a multi-region trail, the key
// CloudTrail encrypts with (scoped to this account's trails, readable by
// the account), and its bucket.
func cloudtrailMain(describeKey bool) string {
	describe := ""
	if describeKey {
		describe = describeKeyStatement
	}
	return moduleVersions + `
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id  = data.aws_caller_identity.current.account_id
  partition   = data.aws_partition.current.partition
  create_key  = var.create_kms_key && var.kms_key_arn == null
  kms_key_arn = var.kms_key_arn != null ? var.kms_key_arn : one(aws_kms_key.this[*].arn)
}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }
` + describe + `
  statement {
    sid       = "CloudTrailEncryptLogs"
    actions   = ["kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["arn:${local.partition}:cloudtrail:*:${local.account_id}:trail/*"]
    }
  }

  statement {
    sid       = "LogReaders"
    actions   = ["kms:Decrypt", "kms:ReEncryptFrom"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = concat(["arn:${local.partition}:iam::${local.account_id}:root"], var.log_reader_arns)
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "Null"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["false"]
    }
  }

  statement {
    sid       = "CloudWatchLogs"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.name}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${data.aws_region.current.name}:${local.account_id}:log-group:/aws/cloudtrail/*"]
    }
  }
}

resource "aws_kms_key" "this" {
  count = local.create_key ? 1 : 0

  description             = "Encrypts the log files of trail ${var.name}"
  deletion_window_in_days = var.key_deletion_window
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  count = local.create_key ? 1 : 0

  name          = "alias/cloudtrail/${var.name}"
  target_key_id = aws_kms_key.this[0].key_id
}

resource "aws_s3_bucket" "logs" {
  bucket        = var.s3_bucket_name
  force_destroy = false
  tags          = var.tags
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# CloudTrail encrypts each log file with the trail's key; the bucket's own
# default encryption covers everything else written there.
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    id     = "archive"
    status = "Enabled"

    filter {}

    transition {
      days          = 90
      storage_class = "GLACIER"
    }

    expiration {
      days = 2555
    }
  }
}

data "aws_iam_policy_document" "bucket" {
  statement {
    sid       = "CloudTrailAclCheck"
    actions   = ["s3:GetBucketAcl"]
    resources = [aws_s3_bucket.logs.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }

  statement {
    sid       = "CloudTrailWrite"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.logs.arn}/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.bucket.json
}

resource "aws_cloudwatch_log_group" "trail" {
  count = var.cloudwatch_logs.enabled ? 1 : 0

  name              = "/aws/cloudtrail/${var.name}"
  retention_in_days = var.cloudwatch_logs.retention_days
  kms_key_id        = local.kms_key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "cloudwatch_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "cloudwatch" {
  count = var.cloudwatch_logs.enabled ? 1 : 0

  name               = "${var.name}-cloudwatch-logs"
  assume_role_policy = data.aws_iam_policy_document.cloudwatch_trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "cloudwatch" {
  count = var.cloudwatch_logs.enabled ? 1 : 0

  name = "deliver"
  role = aws_iam_role.cloudwatch[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${aws_cloudwatch_log_group.trail[0].arn}:*"
    }]
  })
}

resource "aws_cloudtrail" "this" {
  name                          = var.name
  s3_bucket_name                = aws_s3_bucket.logs.id
  kms_key_id                    = local.kms_key_arn
  include_global_service_events = true
  is_multi_region_trail         = true
  is_organization_trail         = var.is_organization_trail
  enable_log_file_validation    = true
  cloud_watch_logs_group_arn    = var.cloudwatch_logs.enabled ? "${aws_cloudwatch_log_group.trail[0].arn}:*" : null
  cloud_watch_logs_role_arn     = one(aws_iam_role.cloudwatch[*].arn)
  tags                          = var.tags

  depends_on = [aws_s3_bucket_policy.logs]
}
`
}

const cloudtrailOutputs = `output "trail_arn" {
  value = aws_cloudtrail.this.arn
}

output "kms_key_arn" {
  description = "Key of the log files; null when they are not encrypted with a customer managed key."
  value       = local.kms_key_arn
}

output "bucket_name" {
  value = aws_s3_bucket.logs.id
}

output "log_group_name" {
  value = one(aws_cloudwatch_log_group.trail[*].name)
}
`

// baselineExample is an example root: what it reads and what it passes
// the root besides what every example passes.
type baselineExample struct {
	name, data, args, vars string
}

var baselineExamples = []baselineExample{
	{"complete", `
data "aws_organizations_organization" "this" {}

locals {
  member_accounts = [
    for account in data.aws_organizations_organization.this.non_master_accounts : {
      account_id = account.id
      email      = account.email
    } if account.status == "ACTIVE"
  ]
}
`, `
  account_type                  = "master"
  member_accounts               = local.member_accounts
  iam_support_role_trusted_arns = []
  iam_audit_roles = {
    auditor = { trusted_arns = [var.auditor_arn] }
  }
  securityhub_standards = { pci = true }
  guardduty_features    = { eks_audit_logs = true }
  backup_vaults = {
    default = {}
    central = { management_only = true, vault_lock = { enabled = true } }
  }
`, `
variable "auditor_arn" {
  type    = string
  default = "arn:aws:iam::444455556666:role/Auditor"
}
`},
	{"member-account", "", `
  account_type                  = "member"
  master_account_id             = var.master_account_id
  member_accounts               = []
  iam_support_role_trusted_arns = ["arn:aws:iam::${var.master_account_id}:root"]
`, `
variable "master_account_id" {
  type    = string
  default = "111122223333"
}
`},
	{"individual-account", "", `
  account_type                  = "individual"
  member_accounts               = []
  iam_support_role_trusted_arns = []
  vpc_flow_logs                 = { retention_days = 30 }
  ssm_session_logs              = { s3_bucket_name = "session-logs" }
`, ""},
	{"minimal", "", `
  account_type                  = "individual"
  member_accounts               = []
  iam_support_role_trusted_arns = []
  securityhub_enabled           = false
  macie_enabled                 = false
  inspector_enabled             = false
  detective_enabled             = false
  backup_enabled                = false
`, ""},
}

func (t *Tree) baselineExample(e baselineExample, regions []string, noKey bool) {
	dir := "examples/" + e.name
	var providers, passed strings.Builder
	providers.WriteString("provider \"aws\" {\n  region = var.region\n}\n")
	passed.WriteString("    aws = aws\n")
	for _, r := range regions {
		fmt.Fprintf(&providers, "\nprovider \"aws\" {\n  alias  = %q\n  region = %q\n}\n", r, r)
		fmt.Fprintf(&passed, "    aws.%s = aws.%s\n", r, r)
	}
	t.Files[dir+"/providers.tf"] = []byte(providers.String())

	args := e.args
	if noKey {
		args += "\n  # Log files are left to the bucket's default encryption.\n  cloudtrail_kms_key_enabled = false\n"
	}
	t.Files[dir+"/main.tf"] = fmt.Appendf(nil, `terraform {
  required_version = ">= 1.3"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

data "aws_caller_identity" "current" {}
%s
module "baseline" {
  source = "../../"

  providers = {
%s  }

  region                = var.region
  target_regions        = var.target_regions
  audit_log_bucket_name = "${var.audit_log_bucket_prefix}-${data.aws_caller_identity.current.account_id}"

  context = {
    namespace   = var.namespace
    environment = %q
    tenant      = null
    tags        = { owner = "security" }
  }
%s}
`, e.data, passed.String(), e.name, args)

	quoted := make([]string, len(regions))
	for i, r := range regions {
		quoted[i] = fmt.Sprintf("%q", r)
	}
	t.Files[dir+"/variables.tf"] = fmt.Appendf(nil, `variable "region" {
  type    = string
  default = %q
}

variable "target_regions" {
  type    = list(string)
  default = [%s]
}

variable "audit_log_bucket_prefix" {
  type    = string
  default = %q
}

variable "namespace" {
  type    = string
  default = "acme"
}
%s`, regions[0], strings.Join(quoted, ", "), e.name+"-audit-logs", e.vars)

	t.Files[dir+"/outputs.tf"] = []byte(`output "cloudtrail_arn" {
  value = module.baseline.cloudtrail_arn
}

output "guardduty_detector_ids" {
  value = module.baseline.guardduty_detector_ids
}
`)
}

// Unknown is a count or for_each of the baseline tree that no static
// evaluation can know: an evaluation problem that --verbose lists, with a
// position from the block's header (Line) to the argument (ArgLine).
type Unknown struct {
	File          string
	Line, ArgLine int
	Arg           string // count or for_each
}

// BaselineUnknowns lists the counts and for_each of a baseline tree that
// depend on what only a plan knows: the VPCs a data source finds, and,
// when the member-account example is there, whether the account that runs
// the plan is the organisation's management account (the detective
// modules' count).
func BaselineUnknowns(t *Tree) []Unknown {
	var out []Unknown
	out = append(out, blocksOf(t, "modules/vpc/main.tf", `resource "aws_flow_log" "this" {`, "for_each")...)
	if _, ok := t.Files["examples/member-account/main.tf"]; ok {
		out = append(out, blocksOf(t, "detective.tf", `module "detective_`, "count")...)
	}
	return out
}

// blocksOf finds the blocks of file whose header starts with header, and
// in each the first line that sets arg.
func blocksOf(t *Tree, file, header, arg string) []Unknown {
	var out []Unknown
	lines := strings.Split(string(t.Files[file]), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, header) {
			continue
		}
		for j := i + 1; j < len(lines) && lines[j] != "}"; j++ {
			if strings.HasPrefix(strings.TrimSpace(lines[j]), arg+" ") {
				out = append(out, Unknown{File: file, Line: i + 1, ArgLine: j + 1, Arg: arg})
				break
			}
		}
	}
	return out
}
