package graph

import (
	"fmt"
	"sort"
)

// Kind is what a resource is, whatever format declared it.
type Kind string

// Kinds shared by both formats.
const (
	KindOther          Kind = ""
	KindTrail          Kind = "trail"
	KindEventDataStore Kind = "event data store"
	KindKey            Kind = "key"
	KindKeyPolicy      Kind = "key policy"
	KindAlias          Kind = "alias"
	KindReplicaKey     Kind = "replica key"
	KindBucket         Kind = "bucket"
	// KindBucketEncryption is a Terraform
	// aws_s3_bucket_server_side_encryption_configuration: a bucket's default
	// encryption, declared apart from the bucket.
	KindBucketEncryption Kind = "bucket encryption"
	// KindPolicyDocument is a Terraform aws_iam_policy_document data source:
	// not deployed, but the place a policy statement is written.
	KindPolicyDocument Kind = "policy document"
)

// Prop names a property that analyzers ask about, whatever each format calls
// it. Parsers fill Resource.Props with them.
type Prop string

// Properties by kind.
const (
	PropName      Prop = "name"          // trail, event data store: its name; bucket: its bucket name; alias: alias/...
	PropKMSKey    Prop = "kms key"       // trail, event data store: kms_key_id / KMSKeyId / KmsKeyId
	PropBucket    Prop = "bucket"        // trail: s3_bucket_name / S3BucketName
	PropOrgTrail  Prop = "org trail"     // trail: is_organization_trail / IsOrganizationTrail
	PropPolicy    Prop = "policy"        // key, replica key, key policy: the policy document
	PropKeySpec   Prop = "key spec"      // key: customer_master_key_spec / key_spec / KeySpec
	PropKeyUsage  Prop = "key usage"     // key: key_usage / KeyUsage
	PropEnabled   Prop = "enabled"       // key, replica key: is_enabled / Enabled / deletion_window...
	PropRotation  Prop = "rotation"      // key: enable_key_rotation / EnableKeyRotation
	PropMultiReg  Prop = "multi region"  // key: multi_region / MultiRegion
	PropTargetKey Prop = "target key"    // alias: target_key_id / TargetKeyId; key policy: key_id
	PropPrimary   Prop = "primary key"   // replica key: primary_key_arn / PrimaryKeyArn
	PropBucketKey Prop = "bucket key"    // bucket, bucket encryption: bucket_key_enabled / BucketKeyEnabled
	PropSSE       Prop = "sse algorithm" // bucket, bucket encryption: sse_algorithm / SSEAlgorithm
)

// Attr is a property as written: its native name and value. Value is nil
// when the property is absent.
type Attr struct {
	Name  string // the name the format expects: kms_key_id, KMSKeyId
	Value *Value
	// Range covers "name = value" (or "Name: value"); zero when absent.
	Range Range
	// Misspelled is the name actually written when it differs from Name only
	// in case or by a near miss ("KmsKeyId" on a Trail): the property is then
	// absent for AWS, and messages say which name was meant.
	Misspelled      string
	MisspelledRange Range
	// Form is how a policy document is written, so that a fix is given in
	// the syntax the user will paste it into.
	Form Form
	// Expr is the expression as written when it is a variable or a local
	// of the resource's module (var.name, local.name): what a fix for the
	// module names the value by, whatever an instance's caller passes.
	Expr string
	// Template is set for a policy of Form FormTemplateFile: the template
	// and what its variables were, so that a fix names a value by the
	// variable the template receives it as.
	Template *Template
}

// Template is a Terraform templatefile() call whose variables were
// evaluated.
type Template struct {
	// File is the template's path, relative to the scan root.
	File string
	// Vars are the variables passed to it, by name, in name order.
	Vars []TemplateVar
}

// TemplateVar is one variable of a template: its name and the value it
// was given (text that may hold holes).
type TemplateVar struct {
	Name  string
	Value *Value
}

// Form is the syntax a policy document is written in.
type Form uint8

// Forms of policy documents.
const (
	FormJSON           Form = iota // JSON text (a heredoc, a template)
	FormJSONFile                   // Terraform file() of a JSON file, read without interpolation
	FormJSONEncode                 // Terraform jsonencode() of an HCL object
	FormPolicyDocument             // Terraform aws_iam_policy_document statement blocks
	FormYAML                       // a CloudFormation YAML mapping
	FormTemplateJSON               // a CloudFormation JSON template's object
	// FormTemplateFile is JSON text in a file Terraform's templatefile()
	// renders: it interpolates the variables it is passed (Attr.Template),
	// and nothing else.
	FormTemplateFile
)

// Format is the language a resource was declared in. Analyzers use it only
// to phrase messages and fixes in the user's own syntax.
type Format string

// Formats.
const (
	Terraform      Format = "terraform"
	CloudFormation Format = "cloudformation"
)

// Resource is one resource (or one instance of a counted resource) of
// either format.
type Resource struct {
	// ID is unique in the graph: the Terraform root module directory or
	// the CloudFormation template file, then the address.
	ID      string
	Type    string // native: aws_cloudtrail, AWS::CloudTrail::Trail
	Address string // module.trail.aws_cloudtrail.this, or the logical id
	Kind    Kind
	Format  Format
	// Header is the resource's header line (`resource "aws_cloudtrail" "x"`,
	// the logical id key); Block the whole declaration.
	Header Range
	Block  Range
	// Calls are the module call sites from the root down to this resource's
	// module (Terraform), or the nested-stack resources (CloudFormation).
	Calls []Range
	Props map[Prop]*Attr
	// Region, Account and Partition are strings that may be holes.
	Region    *Value
	Account   *Value
	Partition *Value
	// RegionFrom says where Region comes from, for messages: `provider "aws"
	// (alias "us")`, "--region", "the stack's region".
	RegionFrom string
	// Requires lists facts of the target service that analyzers check:
	// RequiresKeyARN when the key property must be an ARN.
	RequiresKeyARN bool
	// Data names, by type, the Terraform data sources of the resource's
	// module that give the account, region and partition
	// (aws_caller_identity: "current"; those of a provider alias under
	// "aws_caller_identity@aws.audit"), for fixes that need them; and under
	// "var:account", the module's variable that holds its account id
	// (aws_account_id).
	Data map[string]string
}

// Prop returns the named property; never nil (an absent property has a nil
// Value and the expected Name when the parser set it).
func (r *Resource) Prop(p Prop) *Attr {
	if a := r.Props[p]; a != nil {
		return a
	}
	return &Attr{}
}

// Graph is everything loaded from a scan.
type Graph struct {
	Resources   []*Resource
	Diagnostics []Diagnostic
	Ignores     []Ignore
	// Files lists the files read, relative to the scan root, sorted.
	Files []string

	byID map[string]*Resource
}

// Add adds resources to the graph.
func (g *Graph) Add(rs ...*Resource) {
	if g.byID == nil {
		g.byID = map[string]*Resource{}
	}
	for _, r := range rs {
		g.Resources = append(g.Resources, r)
		g.byID[r.ID] = r
	}
}

// Merge adds everything of o to g.
func (g *Graph) Merge(o *Graph) {
	g.Add(o.Resources...)
	g.Diagnostics = append(g.Diagnostics, o.Diagnostics...)
	g.Ignores = append(g.Ignores, o.Ignores...)
	g.Files = append(g.Files, o.Files...)
}

// Sort puts resources, diagnostics, ignores and files in source order, so that output
// never depends on load order.
func (g *Graph) Sort() {
	sort.SliceStable(g.Resources, func(i, j int) bool {
		a, b := g.Resources[i], g.Resources[j]
		if a.Header != b.Header {
			return a.Header.Less(b.Header)
		}
		return a.ID < b.ID
	})
	sort.SliceStable(g.Diagnostics, func(i, j int) bool {
		a, b := g.Diagnostics[i], g.Diagnostics[j]
		if a.Range != b.Range {
			return a.Range.Less(b.Range)
		}
		if a.Summary != b.Summary {
			return a.Summary < b.Summary
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Detail < b.Detail
	})
	sort.SliceStable(g.Ignores, func(i, j int) bool {
		a, b := g.Ignores[i], g.Ignores[j]
		if a.At != b.At {
			return a.At.Less(b.At)
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Reason != b.Reason {
			return a.Reason < b.Reason
		}
		return a.Covers.Less(b.Covers)
	})
	sort.Strings(g.Files)
}

// Lookup returns the resource with the given ID.
func (g *Graph) Lookup(id string) *Resource { return g.byID[id] }

// OfKind returns the resources of the given kinds, in graph order.
func (g *Graph) OfKind(kinds ...Kind) []*Resource {
	var out []*Resource
	for _, r := range g.Resources {
		for _, k := range kinds {
			if r.Kind == k {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// Severity is how serious a finding or a loader diagnostic is, named as
// SARIF names levels. Findings and loader diagnostics share it, so that
// --fail-on judges both alike.
type Severity uint8

// Severities, from the most to the least severe.
const (
	SevError Severity = iota
	SevWarning
	SevNote
)

func (s Severity) String() string {
	switch s {
	case SevError:
		return "error"
	case SevWarning:
		return "warning"
	}
	return "note"
}

// ParseSeverity reads "error", "warning" or "note".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return SevError, nil
	case "warning":
		return SevWarning, nil
	case "note":
		return SevNote, nil
	}
	return SevNote, fmt.Errorf("unknown level %q (want error, warning or note)", s)
}

// Class says what a loader diagnostic is about, which decides whether it
// is shown and whether it fails the run.
type Class uint8

// Classes of loader diagnostics.
const (
	// ClassFile: a file that cannot be read or does not parse. Always
	// shown; it fails the run like a finding of its severity, since it
	// hides whatever mistakes the file holds.
	ClassFile Class = iota
	// ClassEval: a value the loader could not compute (an unknown count, a
	// function error, a type mismatch). Shown with --verbose, or as part
	// of a finding that depends on the value; never fails the run.
	ClassEval
	// ClassBudget: the run's budget ran out at this construct. Always
	// shown; it fails the run, since what it hides is not analysed.
	ClassBudget
	// ClassInput: about the command line or the settings (a --var nothing
	// declares), or a summary of what was not analysed (modules that are
	// not downloaded). Always shown; never fails the run.
	ClassInput
	// ClassInternal: a bug of trailint. Always shown; the run exits 2.
	ClassInternal
)

// Diagnostic is a problem met while loading: a file that does not parse, a
// reference to nothing, an unknown function. It is collected, never panicked.
type Diagnostic struct {
	Severity Severity
	Class    Class
	Summary  string
	Detail   string
	Range    Range
}

// Ignore is an in-source suppression: `# trailint:ignore TL013 reason` above
// a block or attribute, or a CloudFormation resource's Metadata entry.
type Ignore struct {
	Rule   string
	Reason string
	// At is where the ignore is written; Covers is the block or attribute it
	// applies to.
	At     Range
	Covers Range
}
