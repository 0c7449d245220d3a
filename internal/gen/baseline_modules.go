package gen

// The modules of the baseline tree. Each is valid Terraform (>= 1.3, AWS
// provider >= 5.0) written the way account baselines are: required inputs
// without defaults, count and for_each over values only known at plan
// time (data sources, other resources), optional() object attributes with
// and without defaults, lookup() with a null default on label contexts.
// None of them but cloudtrail declares a trail, and none of them but
// cloudtrail feeds one, so a run over the tree must say nothing about them.

const moduleVersions = `terraform {
  required_version = ">= 1.3"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}
`

// contextVar is the label context every baseline module takes from the
// root.
const contextVar = `variable "context" {
  description = "Labels shared by every module of the baseline (see modules/label)."
  type        = any
}

variable "enabled" {
  description = "Create the resources of this module."
  type        = bool
  default     = true
}
`

const membersVars = `
variable "master_account_id" {
  description = "Account that administers the service for the organisation; null for an account on its own."
  type        = string
  default     = null
}

variable "member_accounts" {
  description = "Accounts the administrator account invites."
  type = list(object({
    account_id = string
    email      = string
  }))
}
`

// baselineModule is one module directory: its files by name.
type baselineModule struct {
	dir   string
	files map[string]string
}

// unrelatedModules are the modules that have nothing to do with the
// trail. The order is the order of the per-region files of the root.
var unrelatedModules = []baselineModule{
	{"label", map[string]string{"main.tf": labelMain, "variables.tf": labelVars, "outputs.tf": labelOutputs}},
	{"guardduty", map[string]string{"main.tf": guarddutyMain, "variables.tf": contextVar + membersVars + guarddutyVars, "outputs.tf": guarddutyOutputs}},
	{"securityhub", map[string]string{"main.tf": securityhubMain, "variables.tf": contextVar + membersVars + securityhubVars, "outputs.tf": securityhubOutputs}},
	{"vpc", map[string]string{"main.tf": vpcMain, "variables.tf": contextVar + vpcVars, "outputs.tf": vpcOutputs}},
	{"config", map[string]string{"main.tf": configMain, "variables.tf": contextVar + configVars, "outputs.tf": configOutputs}},
	{"ebs", map[string]string{"main.tf": ebsMain, "variables.tf": contextVar + ebsVars, "outputs.tf": ebsOutputs}},
	{"access-analyzer", map[string]string{"main.tf": analyzerMain, "variables.tf": contextVar + analyzerVars, "outputs.tf": analyzerOutputs}},
	{"inspector", map[string]string{"main.tf": inspectorMain, "variables.tf": contextVar + membersVars + inspectorVars, "outputs.tf": inspectorOutputs}},
	{"macie", map[string]string{"main.tf": macieMain, "variables.tf": contextVar + membersVars + macieVars, "outputs.tf": macieOutputs}},
	{"ssm", map[string]string{"main.tf": ssmMain, "variables.tf": contextVar + ssmVars, "outputs.tf": ssmOutputs}},
	{"events", map[string]string{"main.tf": eventsMain, "variables.tf": contextVar + eventsVars, "outputs.tf": eventsOutputs}},
	{"backup", map[string]string{"main.tf": backupMain, "variables.tf": contextVar + backupVars, "outputs.tf": backupOutputs}},
	{"detective", map[string]string{"main.tf": detectiveMain, "variables.tf": contextVar + membersVars + detectiveVars, "outputs.tf": detectiveOutputs}},
	{"iam", map[string]string{"main.tf": iamMain, "variables.tf": contextVar + iamVars, "outputs.tf": iamOutputs}},
	{"s3-account", map[string]string{"main.tf": s3AccountMain, "variables.tf": contextVar + s3AccountVars, "outputs.tf": s3AccountOutputs}},
	{"alarms", map[string]string{"main.tf": alarmsMain, "variables.tf": contextVar + alarmsVars, "outputs.tf": alarmsOutputs}},
}

const labelVars = `variable "context" {
  description = "Labels shared by every module: namespace, tenant, environment, stage, delimiter, attributes, tags. Absent and null labels are left out of names."
  type        = any
  default     = {}
}

variable "name" {
  description = "Name of the component, appended to the labels of the context."
  type        = string
  default     = null
}

variable "attributes" {
  description = "Extra labels appended to the name."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags added to those of the context."
  type        = map(string)
  default     = {}
}
`

const labelMain = moduleVersions + `
locals {
  enabled     = coalesce(lookup(var.context, "enabled", null), true)
  namespace   = lookup(var.context, "namespace", null)
  tenant      = lookup(var.context, "tenant", null)
  environment = lookup(var.context, "environment", null)
  stage       = lookup(var.context, "stage", null)
  delimiter   = coalesce(lookup(var.context, "delimiter", null), "-")
  name        = var.name != null ? var.name : lookup(var.context, "name", null)
  attributes  = compact(concat(lookup(var.context, "attributes", []), var.attributes))

  labels = [for label in [local.namespace, local.tenant, local.environment, local.stage, local.name] : lower(label) if label != null]
  id     = local.enabled ? join(local.delimiter, concat(local.labels, local.attributes)) : ""

  tags = merge(
    lookup(var.context, "tags", {}),
    { for key, value in {
      Namespace   = local.namespace
      Tenant      = local.tenant
      Environment = local.environment
      Stage       = local.stage
      Name        = local.id
    } : key => value if value != null && value != "" },
    var.tags,
  )
}
`

const labelOutputs = `output "id" {
  description = "Name made of the labels, joined by the delimiter."
  value       = local.id
}

output "enabled" {
  value = local.enabled
}

output "tags" {
  value = local.tags
}

output "context" {
  description = "The context with this module's name, for the modules it calls."
  value       = merge(var.context, { name = local.name, attributes = local.attributes, tags = local.tags })
}
`

const guarddutyVars = `
variable "finding_publishing_frequency" {
  type    = string
  default = "SIX_HOURS"
}

variable "features" {
  description = "Protection plans; those left unset keep their defaults."
  type = object({
    s3_logs            = optional(bool, true)
    eks_audit_logs     = optional(bool, false)
    malware_protection = optional(bool, true)
    runtime_monitoring = optional(bool)
  })
  default = {}
}

variable "publishing_destination" {
  description = "Bucket and key that receive exported findings; null exports nothing."
  type = object({
    bucket_arn  = string
    kms_key_arn = string
  })
  default = null
}
`

const guarddutyMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "guardduty"
}

data "aws_caller_identity" "current" {}

locals {
  enabled   = var.enabled && module.label.enabled
  is_master = var.master_account_id == data.aws_caller_identity.current.account_id
  is_member = var.master_account_id != null && !local.is_master
  members   = { for m in var.member_accounts : m.account_id => m if local.enabled && local.is_master }
  features = {
    S3_DATA_EVENTS         = var.features.s3_logs
    EKS_AUDIT_LOGS         = var.features.eks_audit_logs
    EBS_MALWARE_PROTECTION = var.features.malware_protection
    RUNTIME_MONITORING     = coalesce(var.features.runtime_monitoring, false)
  }
}

resource "aws_guardduty_detector" "this" {
  count = local.enabled ? 1 : 0

  enable                       = true
  finding_publishing_frequency = var.finding_publishing_frequency
  tags                         = module.label.tags
}

resource "aws_guardduty_detector_feature" "this" {
  for_each = { for name, on in local.features : name => on if local.enabled }

  detector_id = aws_guardduty_detector.this[0].id
  name        = each.key
  status      = each.value ? "ENABLED" : "DISABLED"
}

resource "aws_guardduty_member" "this" {
  for_each = local.members

  detector_id                = aws_guardduty_detector.this[0].id
  account_id                 = each.value.account_id
  email                      = each.value.email
  invite                     = true
  disable_email_notification = true
}

resource "aws_guardduty_invite_accepter" "this" {
  count = local.enabled && local.is_member ? 1 : 0

  detector_id       = aws_guardduty_detector.this[0].id
  master_account_id = var.master_account_id
}

resource "aws_guardduty_publishing_destination" "this" {
  count = local.enabled && var.publishing_destination != null ? 1 : 0

  detector_id     = aws_guardduty_detector.this[0].id
  destination_arn = var.publishing_destination.bucket_arn
  kms_key_arn     = var.publishing_destination.kms_key_arn
}
`

const guarddutyOutputs = `output "detector_id" {
  description = "Detector of this region; null when disabled."
  value       = one(aws_guardduty_detector.this[*].id)
}

output "member_account_ids" {
  value = [for m in aws_guardduty_member.this : m.account_id]
}
`

const securityhubVars = `
variable "standards" {
  description = "Standards to subscribe to."
  type = object({
    cis  = optional(bool, true)
    fsbp = optional(bool, true)
    pci  = optional(bool, false)
    nist = optional(bool, false)
  })
  default = {}
}

variable "product_arns" {
  description = "Integrations whose findings Security Hub imports."
  type        = list(string)
  default     = []
}

variable "aggregator_region" {
  description = "Region that aggregates the findings of every region; null aggregates nothing."
  type        = string
  default     = null
}
`

const securityhubMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "securityhub"
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  enabled = var.enabled && module.label.enabled
  prefix  = "arn:${data.aws_partition.current.partition}:securityhub:${data.aws_region.current.name}::standards"
  standards = {
    cis  = "${local.prefix}/cis-aws-foundations-benchmark/v/3.0.0"
    fsbp = "${local.prefix}/aws-foundational-security-best-practices/v/1.0.0"
    pci  = "${local.prefix}/pci-dss/v/3.2.1"
    nist = "${local.prefix}/nist-800-53/v/5.0.0"
  }
  is_master = var.master_account_id == data.aws_caller_identity.current.account_id
  members   = { for m in var.member_accounts : m.account_id => m if local.enabled && local.is_master }
}

resource "aws_securityhub_account" "this" {
  count = local.enabled ? 1 : 0

  enable_default_standards  = false
  control_finding_generator = "SECURITY_CONTROL"
  auto_enable_controls      = true
}

resource "aws_securityhub_standards_subscription" "this" {
  for_each = { for name, arn in local.standards : name => arn if local.enabled && lookup(var.standards, name, false) }

  standards_arn = each.value
  depends_on    = [aws_securityhub_account.this]
}

resource "aws_securityhub_product_subscription" "this" {
  for_each = toset(local.enabled ? var.product_arns : [])

  product_arn = each.value
  depends_on  = [aws_securityhub_account.this]
}

resource "aws_securityhub_member" "this" {
  for_each = local.members

  account_id = each.value.account_id
  email      = each.value.email
  invite     = true
  depends_on = [aws_securityhub_account.this]
}

resource "aws_securityhub_invite_accepter" "this" {
  count = local.enabled && var.master_account_id != null && !local.is_master ? 1 : 0

  master_id  = var.master_account_id
  depends_on = [aws_securityhub_account.this]
}

resource "aws_securityhub_finding_aggregator" "this" {
  count = local.enabled && local.is_master && var.aggregator_region == data.aws_region.current.name ? 1 : 0

  linking_mode = "ALL_REGIONS"
  depends_on   = [aws_securityhub_account.this]
}
`

const securityhubOutputs = `output "standards" {
  description = "Standards subscribed to in this region."
  value       = sort(keys(aws_securityhub_standards_subscription.this))
}
`

const vpcVars = `
variable "flow_logs" {
  description = "Flow logs of every VPC of the region, to a log group of this module."
  type = object({
    enabled        = optional(bool, true)
    retention_days = optional(number, 90)
    kms_key_arn    = optional(string)
    iam_role_arn   = optional(string)
    traffic_type   = optional(string, "ALL")
  })
  default = {}
}

variable "disable_flow_logs" {
  description = "\"true\" turns flow logs off whatever flow_logs says (kept as a string for older callers)."
  type        = string
  default     = "false"
}
`

const vpcMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "vpc"
}

data "aws_vpcs" "all" {}

locals {
  enabled   = var.enabled && module.label.enabled
  flow_logs = var.disable_flow_logs ? false : local.enabled && var.flow_logs.enabled
}

# The default VPC of every region is left without any traffic allowed.
resource "aws_default_vpc" "this" {
  count = local.enabled ? 1 : 0
  tags  = merge(module.label.tags, { Name = "default (do not use)" })
}

resource "aws_default_security_group" "this" {
  count = local.enabled ? 1 : 0

  vpc_id = aws_default_vpc.this[0].id
  tags   = merge(module.label.tags, { Name = "default (no traffic)" })
}

resource "aws_default_network_acl" "this" {
  count = local.enabled ? 1 : 0

  default_network_acl_id = aws_default_vpc.this[0].default_network_acl_id
  tags                   = module.label.tags

  lifecycle {
    ignore_changes = [subnet_ids]
  }
}

resource "aws_default_route_table" "this" {
  count = local.enabled ? 1 : 0

  default_route_table_id = aws_default_vpc.this[0].default_route_table_id
  tags                   = module.label.tags
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  count = local.flow_logs ? 1 : 0

  name              = "/vpc/flow-logs/${module.label.id}"
  retention_in_days = var.flow_logs.retention_days
  kms_key_id        = var.flow_logs.kms_key_arn
  tags              = module.label.tags
}

resource "aws_flow_log" "this" {
  for_each = toset(local.flow_logs ? data.aws_vpcs.all.ids : [])

  vpc_id          = each.value
  traffic_type    = var.flow_logs.traffic_type
  log_destination = aws_cloudwatch_log_group.flow_logs[0].arn
  iam_role_arn    = var.flow_logs.iam_role_arn
  tags            = module.label.tags
}
`

const vpcOutputs = `output "default_vpc_id" {
  value = one(aws_default_vpc.this[*].id)
}

output "flow_log_ids" {
  description = "Flow log of each VPC of the region, by VPC id."
  value       = { for vpc, log in aws_flow_log.this : vpc => log.id }
}
`

const configVars = `
variable "iam_role_arn" {
  description = "Role the recorder assumes."
  type        = string
}

variable "s3_bucket_name" {
  description = "Bucket that receives configuration snapshots and history."
  type        = string
}

variable "s3_key_prefix" {
  type    = string
  default = null
}

variable "delivery_frequency" {
  type    = string
  default = "TwentyFour_Hours"
}

variable "include_global_resources" {
  description = "Record IAM and other global resources; true in one region only."
  type        = bool
  default     = false
}

variable "sns" {
  description = "Topic that announces configuration changes."
  type = object({
    create     = optional(bool, false)
    kms_key_id = optional(string)
  })
  default = {}
}

variable "aggregator" {
  type = object({
    enabled     = optional(bool, false)
    region      = optional(string)
    account_ids = optional(list(string), [])
  })
  default = {}
}

variable "managed_rules" {
  description = "AWS managed rules, with their parameters."
  type = list(object({
    name       = string
    identifier = string
    parameters = optional(map(string))
  }))
  default = [
    { name = "root-mfa", identifier = "ROOT_ACCOUNT_MFA_ENABLED" },
    { name = "cloudtrail-encrypted", identifier = "CLOUD_TRAIL_ENCRYPTION_ENABLED" },
    { name = "access-keys-rotated", identifier = "ACCESS_KEYS_ROTATED", parameters = { maxAccessKeyAge = "90" } },
  ]
}
`

const configMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "config"
}

data "aws_region" "current" {}

locals {
  enabled = var.enabled && module.label.enabled
  rules   = { for rule in var.managed_rules : rule.name => rule if local.enabled }
}

resource "aws_config_configuration_recorder" "this" {
  count = local.enabled ? 1 : 0

  name     = module.label.id
  role_arn = var.iam_role_arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = var.include_global_resources
  }
}

resource "aws_sns_topic" "this" {
  count = local.enabled && var.sns.create ? 1 : 0

  name              = "${module.label.id}-changes"
  kms_master_key_id = var.sns.kms_key_id
  tags              = module.label.tags
}

resource "aws_config_delivery_channel" "this" {
  count = local.enabled ? 1 : 0

  name           = module.label.id
  s3_bucket_name = var.s3_bucket_name
  s3_key_prefix  = var.s3_key_prefix
  sns_topic_arn  = one(aws_sns_topic.this[*].arn)

  snapshot_delivery_properties {
    delivery_frequency = var.delivery_frequency
  }

  depends_on = [aws_config_configuration_recorder.this]
}

resource "aws_config_configuration_recorder_status" "this" {
  count = local.enabled ? 1 : 0

  name       = aws_config_configuration_recorder.this[0].name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.this]
}

resource "aws_config_configuration_aggregator" "this" {
  count = local.enabled && var.aggregator.enabled && var.aggregator.region == data.aws_region.current.name ? 1 : 0

  name = module.label.id

  account_aggregation_source {
    account_ids = var.aggregator.account_ids
    all_regions = true
  }

  tags = module.label.tags
}

resource "aws_config_config_rule" "this" {
  for_each = local.rules

  name = "${module.label.id}-${each.key}"

  source {
    owner             = "AWS"
    source_identifier = each.value.identifier
  }

  input_parameters = each.value.parameters == null ? null : jsonencode(each.value.parameters)
  depends_on       = [aws_config_configuration_recorder.this]
}
`

const configOutputs = `output "recorder_name" {
  value = one(aws_config_configuration_recorder.this[*].name)
}

output "rule_arns" {
  value = { for name, rule in aws_config_config_rule.this : name => rule.arn }
}
`

const ebsVars = `
variable "create_kms_key" {
  description = "Create a key for the volumes of this region when kms_key_arn is null."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "snapshot_block_public_access" {
  type    = string
  default = "block-all-sharing"
}
`

const ebsMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "ebs"
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  enabled     = var.enabled && module.label.enabled
  create_key  = local.enabled && var.create_kms_key && var.kms_key_arn == null
  kms_key_arn = var.kms_key_arn != null ? var.kms_key_arn : one(aws_kms_key.this[*].arn)
}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "VolumesThroughEC2"
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    condition {
      test     = "StringLike"
      variable = "kms:ViaService"
      values   = ["ec2.*.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "this" {
  count = local.create_key ? 1 : 0

  description             = "Default key of the EBS volumes of ${module.label.id}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = module.label.tags
}

resource "aws_ebs_encryption_by_default" "this" {
  count = local.enabled ? 1 : 0

  enabled = true
}

resource "aws_ebs_default_kms_key" "this" {
  count = local.enabled && (local.create_key || var.kms_key_arn != null) ? 1 : 0

  key_arn = local.kms_key_arn
}

resource "aws_ebs_snapshot_block_public_access" "this" {
  count = local.enabled ? 1 : 0

  state = var.snapshot_block_public_access
}
`

const ebsOutputs = `output "kms_key_arn" {
  description = "Default key of the volumes of this region; null for the AWS managed key."
  value       = local.kms_key_arn
}
`

const analyzerVars = `
variable "type" {
  description = "ACCOUNT, or ORGANIZATION in the organisation's management account."
  type        = string
  default     = "ACCOUNT"
}

variable "archive_rules" {
  description = "Findings archived as soon as they are found, by rule name."
  type = map(object({
    filters = list(object({
      criteria = string
      eq       = optional(list(string))
      exists   = optional(string)
    }))
  }))
  default = {}
}
`

const analyzerMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "access-analyzer"
}

locals {
  enabled = var.enabled && module.label.enabled
}

resource "aws_accessanalyzer_analyzer" "this" {
  count = local.enabled ? 1 : 0

  analyzer_name = module.label.id
  type          = var.type
  tags          = module.label.tags
}

resource "aws_accessanalyzer_archive_rule" "this" {
  for_each = { for name, rule in var.archive_rules : name => rule if local.enabled }

  analyzer_name = aws_accessanalyzer_analyzer.this[0].analyzer_name
  rule_name     = each.key

  dynamic "filter" {
    for_each = each.value.filters
    content {
      criteria = filter.value.criteria
      eq       = filter.value.eq
      exists   = filter.value.exists
    }
  }
}
`

const analyzerOutputs = `output "analyzer_arn" {
  value = one(aws_accessanalyzer_analyzer.this[*].arn)
}
`

const inspectorVars = `
variable "resource_types" {
  type    = list(string)
  default = ["EC2", "ECR", "LAMBDA"]
}
`

const inspectorMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "inspector"
}

data "aws_caller_identity" "current" {}

locals {
  enabled   = var.enabled && module.label.enabled
  is_master = var.master_account_id == data.aws_caller_identity.current.account_id
  members   = { for m in var.member_accounts : m.account_id => m if local.enabled && local.is_master }
}

resource "aws_inspector2_enabler" "this" {
  count = local.enabled ? 1 : 0

  account_ids    = [data.aws_caller_identity.current.account_id]
  resource_types = var.resource_types
}

resource "aws_inspector2_member_association" "this" {
  for_each = local.members

  account_id = each.key
  depends_on = [aws_inspector2_enabler.this]
}

resource "aws_inspector2_organization_configuration" "this" {
  count = local.enabled && local.is_master ? 1 : 0

  auto_enable {
    ec2    = contains(var.resource_types, "EC2")
    ecr    = contains(var.resource_types, "ECR")
    lambda = contains(var.resource_types, "LAMBDA")
  }
}
`

const inspectorOutputs = `output "member_account_ids" {
  value = keys(aws_inspector2_member_association.this)
}
`

const macieVars = `
variable "finding_publishing_frequency" {
  type    = string
  default = "SIX_HOURS"
}

variable "export" {
  description = "Bucket that receives the results of discovery jobs; no bucket exports nothing."
  type = object({
    bucket_name = optional(string)
    key_prefix  = optional(string, "macie/")
    kms_key_arn = optional(string)
  })
  default = {}
}
`

const macieMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "macie"
}

data "aws_caller_identity" "current" {}

locals {
  enabled   = var.enabled && module.label.enabled
  is_master = var.master_account_id == data.aws_caller_identity.current.account_id
  members   = { for m in var.member_accounts : m.account_id => m if local.enabled && local.is_master }
}

resource "aws_macie2_account" "this" {
  count = local.enabled ? 1 : 0

  finding_publishing_frequency = var.finding_publishing_frequency
  status                       = "ENABLED"
}

resource "aws_macie2_member" "this" {
  for_each = local.members

  account_id                            = each.key
  email                                 = each.value.email
  invite                                = true
  invitation_disable_email_notification = true
  depends_on                            = [aws_macie2_account.this]
}

resource "aws_macie2_classification_export_configuration" "this" {
  count = local.enabled && var.export.bucket_name != null ? 1 : 0

  s3_destination {
    bucket_name = var.export.bucket_name
    key_prefix  = var.export.key_prefix
    kms_key_arn = var.export.kms_key_arn
  }

  depends_on = [aws_macie2_account.this]
}
`

const macieOutputs = `output "account_id" {
  value = one(aws_macie2_account.this[*].id)
}
`

const ssmVars = `
variable "block_public_sharing" {
  type    = bool
  default = true
}

variable "session_logs" {
  description = "Where Session Manager writes session logs; empty names write none."
  type = object({
    s3_bucket_name       = optional(string, "")
    cloudwatch_log_group = optional(string, "")
    kms_key_id           = optional(string, "")
    encrypt              = optional(bool, true)
  })
  default = {}
}
`

const ssmMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "ssm"
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  enabled = var.enabled && module.label.enabled
}

resource "aws_ssm_service_setting" "public_sharing" {
  count = local.enabled && var.block_public_sharing ? 1 : 0

  setting_id    = "arn:${data.aws_partition.current.partition}:ssm:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:servicesetting/ssm/documents/console/public-sharing-permission"
  setting_value = "Disable"
}

resource "aws_ssm_document" "session_preferences" {
  count = local.enabled ? 1 : 0

  name            = "SSM-SessionManagerRunShell-${module.label.id}"
  document_type   = "Session"
  document_format = "JSON"
  content = jsonencode({
    schemaVersion = "1.0"
    description   = "Session Manager preferences of ${module.label.id}"
    sessionType   = "Standard_Stream"
    inputs = {
      s3BucketName           = var.session_logs.s3_bucket_name
      s3EncryptionEnabled    = var.session_logs.encrypt
      cloudWatchLogGroupName = var.session_logs.cloudwatch_log_group
      kmsKeyId               = var.session_logs.kms_key_id
      runAsEnabled           = false
    }
  })
  tags = module.label.tags
}
`

const ssmOutputs = `output "session_document" {
  value = one(aws_ssm_document.session_preferences[*].name)
}
`

const eventsVars = `
variable "sns_topic_arn" {
  description = "Topic that receives the findings; null creates one."
  type        = string
  default     = null
}

variable "kms_master_key_id" {
  type    = string
  default = "alias/aws/sns"
}

variable "subscriptions" {
  type = list(object({
    protocol = string
    endpoint = string
  }))
  default = []
}

variable "disabled_rules" {
  type    = list(string)
  default = []
}
`

const eventsMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "findings"
}

locals {
  enabled      = var.enabled && module.label.enabled
  create_topic = local.enabled && var.sns_topic_arn == null
  topic_arn    = var.sns_topic_arn != null ? var.sns_topic_arn : one(aws_sns_topic.this[*].arn)

  rules = {
    guardduty = {
      description = "GuardDuty findings of severity 7 and above"
      pattern = {
        source        = ["aws.guardduty"]
        "detail-type" = ["GuardDuty Finding"]
        detail        = { severity = [{ numeric = [">=", 7] }] }
      }
    }
    securityhub = {
      description = "Critical and high Security Hub findings"
      pattern = {
        source        = ["aws.securityhub"]
        "detail-type" = ["Security Hub Findings - Imported"]
        detail        = { findings = { Severity = { Label = ["CRITICAL", "HIGH"] } } }
      }
    }
    config = {
      description = "Resources that became non-compliant"
      pattern = {
        source        = ["aws.config"]
        "detail-type" = ["Config Rules Compliance Change"]
        detail        = { newEvaluationResult = { complianceType = ["NON_COMPLIANT"] } }
      }
    }
    access_analyzer = {
      description = "Resources shared outside the zone of trust"
      pattern = {
        source        = ["aws.access-analyzer"]
        "detail-type" = ["Access Analyzer Finding"]
        detail        = { status = ["ACTIVE"] }
      }
    }
  }
  enabled_rules = { for name, rule in local.rules : name => rule if local.enabled && !contains(var.disabled_rules, name) }
}

resource "aws_sns_topic" "this" {
  count = local.create_topic ? 1 : 0

  name              = "${module.label.id}-alerts"
  kms_master_key_id = var.kms_master_key_id
  tags              = module.label.tags
}

data "aws_iam_policy_document" "topic" {
  count = local.create_topic ? 1 : 0

  statement {
    sid       = "EventBridgePublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this[0].arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }
}

resource "aws_sns_topic_policy" "this" {
  count = local.create_topic ? 1 : 0

  arn    = aws_sns_topic.this[0].arn
  policy = data.aws_iam_policy_document.topic[0].json
}

resource "aws_sns_topic_subscription" "this" {
  for_each = { for s in var.subscriptions : "${s.protocol}:${s.endpoint}" => s if local.create_topic }

  topic_arn = aws_sns_topic.this[0].arn
  protocol  = each.value.protocol
  endpoint  = each.value.endpoint
}

resource "aws_cloudwatch_event_rule" "this" {
  for_each = local.enabled_rules

  name          = "${module.label.id}-${replace(each.key, "_", "-")}"
  description   = each.value.description
  event_pattern = jsonencode(each.value.pattern)
  tags          = module.label.tags
}

resource "aws_cloudwatch_event_target" "this" {
  for_each = local.enabled_rules

  rule      = aws_cloudwatch_event_rule.this[each.key].name
  target_id = "alerts"
  arn       = local.topic_arn
}
`

const eventsOutputs = `output "topic_arn" {
  value = local.topic_arn
}
`

const backupVars = `
variable "iam_role_arn" {
  description = "Role AWS Backup assumes to take and restore backups."
  type        = string
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "vault_lock" {
  type = object({
    enabled             = optional(bool, false)
    min_retention_days  = optional(number, 7)
    max_retention_days  = optional(number, 365)
    changeable_for_days = optional(number)
  })
  default = {}
}

variable "plans" {
  description = "Backup plans by name; a plan without selection_tag selects nothing."
  type = map(object({
    schedule           = string
    delete_after       = optional(number, 35)
    cold_storage_after = optional(number)
    selection_tag = optional(object({
      key   = string
      value = string
    }))
  }))
  default = {
    daily = {
      schedule      = "cron(0 5 ? * * *)"
      selection_tag = { key = "backup", value = "daily" }
    }
  }
}
`

const backupMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "backup"
}

locals {
  enabled = var.enabled && module.label.enabled
}

resource "aws_backup_vault" "this" {
  count = local.enabled ? 1 : 0

  name        = module.label.id
  kms_key_arn = var.kms_key_arn
  tags        = module.label.tags
}

resource "aws_backup_vault_lock_configuration" "this" {
  count = local.enabled && var.vault_lock.enabled ? 1 : 0

  backup_vault_name   = aws_backup_vault.this[0].name
  min_retention_days  = var.vault_lock.min_retention_days
  max_retention_days  = var.vault_lock.max_retention_days
  changeable_for_days = var.vault_lock.changeable_for_days
}

resource "aws_backup_plan" "this" {
  for_each = { for name, plan in var.plans : name => plan if local.enabled }

  name = "${module.label.id}-${each.key}"

  rule {
    rule_name         = each.key
    target_vault_name = aws_backup_vault.this[0].name
    schedule          = each.value.schedule

    lifecycle {
      cold_storage_after = each.value.cold_storage_after
      delete_after       = each.value.delete_after
    }
  }

  tags = module.label.tags
}

resource "aws_backup_selection" "this" {
  for_each = { for name, plan in var.plans : name => plan if local.enabled && plan.selection_tag != null }

  name         = "${module.label.id}-${each.key}"
  plan_id      = aws_backup_plan.this[each.key].id
  iam_role_arn = var.iam_role_arn

  selection_tag {
    type  = "STRINGEQUALS"
    key   = each.value.selection_tag.key
    value = each.value.selection_tag.value
  }
}
`

const backupOutputs = `output "vault_arn" {
  value = one(aws_backup_vault.this[*].arn)
}

output "plan_ids" {
  value = { for name, plan in aws_backup_plan.this : name => plan.id }
}
`

const detectiveVars = `
variable "master_graph_arn" {
  description = "Behavior graph of the administrator account, for member accounts."
  type        = string
  default     = null
}
`

const detectiveMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "detective"
}

data "aws_caller_identity" "current" {}

locals {
  enabled   = var.enabled && module.label.enabled
  is_master = var.master_account_id == data.aws_caller_identity.current.account_id
  members   = { for m in var.member_accounts : m.account_id => m if local.enabled && local.is_master }
}

resource "aws_detective_graph" "this" {
  count = local.enabled && local.is_master ? 1 : 0

  tags = module.label.tags
}

resource "aws_detective_member" "this" {
  for_each = local.members

  account_id                 = each.key
  email_address              = each.value.email
  graph_arn                  = aws_detective_graph.this[0].graph_arn
  disable_email_notification = true
}

resource "aws_detective_invitation_accepter" "this" {
  count = local.enabled && !local.is_master && var.master_graph_arn != null ? 1 : 0

  graph_arn = var.master_graph_arn
}
`

const detectiveOutputs = `output "graph_arn" {
  value = one(aws_detective_graph.this[*].graph_arn)
}
`

const iamVars = `
variable "password_policy" {
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

variable "support_role_trusted_arns" {
  description = "Principals that may assume the support role; empty trusts the account."
  type        = list(string)
}

variable "audit_roles" {
  description = "Read-only roles for auditors, by name."
  type = map(object({
    trusted_arns   = list(string)
    managed_policy = optional(string, "SecurityAudit")
  }))
  default = {}
}
`

const iamMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "iam"
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  enabled   = var.enabled && module.label.enabled
  partition = data.aws_partition.current.partition
  account   = "arn:${local.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
  services = {
    flow-logs = { service = "vpc-flow-logs.amazonaws.com", policies = [] }
    config    = { service = "config.amazonaws.com", policies = ["service-role/AWS_ConfigRole"] }
    backup    = { service = "backup.amazonaws.com", policies = ["service-role/AWSBackupServiceRolePolicyForBackup", "service-role/AWSBackupServiceRolePolicyForRestores"] }
  }
  attachments = merge([
    for name, role in local.services : {
      for policy in role.policies : "${name}:${policy}" => { role = name, policy = policy }
    }
  ]...)
}

resource "aws_iam_account_password_policy" "this" {
  count = local.enabled ? 1 : 0

  minimum_password_length        = var.password_policy.minimum_length
  password_reuse_prevention      = var.password_policy.reuse_prevention
  max_password_age               = var.password_policy.max_age
  require_symbols                = var.password_policy.require_symbols
  require_numbers                = var.password_policy.require_numbers
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  allow_users_to_change_password = var.password_policy.allow_change
}

data "aws_iam_policy_document" "support_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = length(var.support_role_trusted_arns) > 0 ? var.support_role_trusted_arns : [local.account]
    }
  }
}

resource "aws_iam_role" "support" {
  count = local.enabled ? 1 : 0

  name               = "${module.label.id}-support"
  assume_role_policy = data.aws_iam_policy_document.support_trust.json
  tags               = module.label.tags
}

resource "aws_iam_role_policy_attachment" "support" {
  count = local.enabled ? 1 : 0

  role       = aws_iam_role.support[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AWSSupportAccess"
}

resource "aws_iam_role" "service" {
  for_each = { for name, role in local.services : name => role if local.enabled }

  name = "${module.label.id}-${each.key}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = each.value.service }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = module.label.tags
}

resource "aws_iam_role_policy_attachment" "service" {
  for_each = { for key, a in local.attachments : key => a if local.enabled }

  role       = aws_iam_role.service[each.value.role].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value.policy}"
}

resource "aws_iam_role_policy" "flow_logs" {
  count = local.enabled ? 1 : 0

  name = "deliver"
  role = aws_iam_role.service["flow-logs"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "audit" {
  for_each = { for name, role in var.audit_roles : name => role if local.enabled }

  name = each.key
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = each.value.trusted_arns }
      Action    = "sts:AssumeRole"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
  tags = module.label.tags
}

resource "aws_iam_role_policy_attachment" "audit" {
  for_each = { for name, role in var.audit_roles : name => role if local.enabled }

  role       = aws_iam_role.audit[each.key].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value.managed_policy}"
}
`

const iamOutputs = `output "flow_logs_role_arn" {
  value = local.enabled ? aws_iam_role.service["flow-logs"].arn : null
}

output "config_role_arn" {
  value = local.enabled ? aws_iam_role.service["config"].arn : null
}

output "backup_role_arn" {
  value = local.enabled ? aws_iam_role.service["backup"].arn : null
}

output "support_role_arn" {
  value = one(aws_iam_role.support[*].arn)
}
`

const s3AccountVars = `
variable "public_access" {
  description = "The account-wide S3 public access block; every setting on unless said otherwise."
  type = object({
    block_public_acls       = optional(bool, true)
    block_public_policy     = optional(bool, true)
    ignore_public_acls      = optional(bool, true)
    restrict_public_buckets = optional(bool, true)
  })
  default = {}
}
`

const s3AccountMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "s3"
}

resource "aws_s3_account_public_access_block" "this" {
  count = var.enabled && module.label.enabled ? 1 : 0

  block_public_acls       = var.public_access.block_public_acls
  block_public_policy     = var.public_access.block_public_policy
  ignore_public_acls      = var.public_access.ignore_public_acls
  restrict_public_buckets = var.public_access.restrict_public_buckets
}
`

const s3AccountOutputs = `output "public_access_block_id" {
  value = one(aws_s3_account_public_access_block.this[*].id)
}
`

const alarmsVars = `
variable "log_group_name" {
  description = "Log group the trail delivers to; null creates no alarm."
  type        = string
}

variable "namespace" {
  type    = string
  default = "CISBenchmark"
}

variable "disabled_alarms" {
  type    = list(string)
  default = []
}

variable "sns_topic_arn" {
  description = "Topic the alarms notify; null creates one."
  type        = string
  default     = null
}
`

// alarmsMain holds the CIS 4.x metric filters; the patterns are the ones
// the benchmark publishes, quoted for HCL.
const alarmsMain = moduleVersions + `
module "label" {
  source  = "../label"
  context = var.context
  name    = "alarms"
}

locals {
  enabled   = var.enabled && module.label.enabled && var.log_group_name != null
  topic_arn = var.sns_topic_arn != null ? var.sns_topic_arn : one(aws_sns_topic.this[*].arn)

  filters = {
    unauthorized-api-calls = "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }"
    console-without-mfa    = "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") }"
    root-usage             = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"
    iam-changes            = "{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) }"
    cloudtrail-changes     = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }"
    console-auth-failures  = "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }"
    disabled-cmks          = "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }"
    bucket-policy-changes  = "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketPolicy) || ($.eventName = DeleteBucketPolicy)) }"
    config-changes         = "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel)) }"
    security-group-changes = "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }"
    nacl-changes           = "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) }"
    gateway-changes        = "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) }"
    route-table-changes    = "{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = DeleteRouteTable) }"
    vpc-changes            = "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = CreateVpcPeeringConnection) }"
    organizations-changes  = "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = CreateAccount) || ($.eventName = LeaveOrganization)) }"
  }
  alarms = { for name, pattern in local.filters : name => pattern if local.enabled && !contains(var.disabled_alarms, name) }
}

resource "aws_sns_topic" "this" {
  count = local.enabled && var.sns_topic_arn == null ? 1 : 0

  name              = "${module.label.id}-cis"
  kms_master_key_id = "alias/aws/sns"
  tags              = module.label.tags
}

resource "aws_cloudwatch_log_metric_filter" "this" {
  for_each = local.alarms

  name           = each.key
  pattern        = each.value
  log_group_name = var.log_group_name

  metric_transformation {
    name      = each.key
    namespace = var.namespace
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${module.label.id}-${each.key}"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = aws_cloudwatch_log_metric_filter.this[each.key].metric_transformation[0].name
  namespace           = var.namespace
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  alarm_actions       = [local.topic_arn]
  treat_missing_data  = "notBreaching"
  tags                = module.label.tags
}
`

const alarmsOutputs = `output "alarm_arns" {
  value = { for name, alarm in aws_cloudwatch_metric_alarm.this : name => alarm.arn }
}
`
