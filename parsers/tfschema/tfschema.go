// Package tfschema is the part of the AWS provider's schema the analysis
// reads: the resource types that become graph resources, and the
// arguments that are their properties. The HCL loader and the plan reader
// read this one table, so that a property read from a configuration is
// read from a plan too.
package tfschema

import "github.com/trailint/trailint/graph"

// Arg is an argument of a resource type that is a property of its graph
// resource.
type Arg struct {
	Prop graph.Prop
	Name string
	// Policy is set for a policy document: JSON text, or a template or a
	// file that gives it.
	Policy bool
	// Path names the nested blocks the argument is in, the first block of
	// each type.
	Path []string
	// Computed is set for an attribute the provider computes, which a
	// configuration never writes.
	Computed bool
}

// Type is a resource type the analysis reads.
type Type struct {
	Kind graph.Kind
	Args []Arg
	// KeyARN is set when the key argument takes only a key ARN, not a
	// key id or an alias.
	KeyARN bool
}

// Lookup returns the resource type typ (a managed resource's type, not a
// data source's), and whether the analysis reads it.
func Lookup(typ string) (Type, bool) {
	t, ok := types[typ]
	return t, ok
}

// PolicyDocument is the aws_iam_policy_document data source: the document
// it renders is its json attribute.
var PolicyDocument = Type{graph.KindPolicyDocument, []Arg{{Prop: graph.PropPolicy, Name: "json", Policy: true, Computed: true}}, false}

var types = map[string]Type{
	"aws_cloudtrail": {graph.KindTrail, []Arg{
		arg(graph.PropKMSKey, "kms_key_id"), arg(graph.PropBucket, "s3_bucket_name"),
		arg(graph.PropName, "name"), arg(graph.PropOrgTrail, "is_organization_trail")}, true},
	"aws_cloudtrail_event_data_store": {graph.KindEventDataStore, []Arg{
		arg(graph.PropKMSKey, "kms_key_id"), arg(graph.PropName, "name")}, false},
	"aws_kms_key": {graph.KindKey, []Arg{
		keyPolicy, arg(graph.PropKeySpec, "customer_master_key_spec"),
		arg(graph.PropKeyUsage, "key_usage"), arg(graph.PropEnabled, "is_enabled"),
		arg(graph.PropRotation, "enable_key_rotation"), arg(graph.PropMultiReg, "multi_region")}, false},
	"aws_kms_external_key": {graph.KindKey, []Arg{
		keyPolicy, arg(graph.PropEnabled, "enabled"), arg(graph.PropMultiReg, "multi_region")}, false},
	"aws_kms_key_policy": {graph.KindKeyPolicy, []Arg{
		arg(graph.PropTargetKey, "key_id"), keyPolicy}, false},
	"aws_kms_alias": {graph.KindAlias, []Arg{
		arg(graph.PropName, "name"), arg(graph.PropTargetKey, "target_key_id")}, false},
	"aws_kms_replica_key": {graph.KindReplicaKey, []Arg{
		arg(graph.PropPrimary, "primary_key_arn"), keyPolicy, arg(graph.PropEnabled, "enabled")}, false},
	"aws_s3_bucket": {graph.KindBucket, []Arg{arg(graph.PropName, "bucket"),
		nested(graph.PropBucketKey, "bucket_key_enabled", "server_side_encryption_configuration", "rule"),
		nested(graph.PropSSE, "sse_algorithm", "server_side_encryption_configuration", "rule", "apply_server_side_encryption_by_default")}, false},
	"aws_s3_bucket_server_side_encryption_configuration": {graph.KindBucketEncryption, []Arg{
		arg(graph.PropBucket, "bucket"), nested(graph.PropBucketKey, "bucket_key_enabled", "rule"),
		nested(graph.PropSSE, "sse_algorithm", "rule", "apply_server_side_encryption_by_default")}, false},
}

// Types lists the resource types the analysis reads, in no order.
func Types() []string {
	out := make([]string, 0, len(types))
	for t := range types {
		out = append(out, t)
	}
	return out
}

func arg(p graph.Prop, name string) Arg { return Arg{Prop: p, Name: name} }

// keyPolicy is the policy argument of a key or a key policy.
var keyPolicy = Arg{Prop: graph.PropPolicy, Name: "policy", Policy: true}

func nested(p graph.Prop, name string, path ...string) Arg {
	return Arg{Prop: p, Name: name, Path: path}
}
