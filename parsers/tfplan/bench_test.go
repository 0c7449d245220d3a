package tfplan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trailint/trailint/internal/budget"
)

// bigPlan is a plan of n module instances from a registry module, each
// with a trail, a key with its policy and a bucket, with their before
// values, planned values and configuration, as terraform show -json
// writes them on one line.
func bigPlan(n int) []byte {
	policy := `{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Root\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Sid\":\"CloudTrail\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":[\"kms:GenerateDataKey*\",\"kms:DescribeKey\"],\"Resource\":\"*\"}]}`
	var changes, planned strings.Builder
	for i := range n {
		m := fmt.Sprintf(`module.t[\"r%d\"]`, i)
		key := `{"customer_master_key_spec":"SYMMETRIC_DEFAULT","deletion_window_in_days":30,"description":"trail key","enable_key_rotation":true,"is_enabled":true,"key_usage":"ENCRYPT_DECRYPT","multi_region":false,"policy":"` + policy + `","tags":{"team":"security","env":"prod"}}`
		trail := fmt.Sprintf(`{"name":"trail-%d","s3_bucket_name":"logs-%d","enable_log_file_validation":true,"is_multi_region_trail":true,"event_selector":[],"tags":null}`, i, i)
		bucket := fmt.Sprintf(`{"bucket":"logs-%d","force_destroy":false,"tags":null}`, i)
		for _, r := range []struct{ typ, after, unk string }{
			{"aws_kms_key", key, `{"arn":true,"id":true,"key_id":true}`},
			{"aws_cloudtrail", trail, `{"arn":true,"kms_key_id":true}`},
			{"aws_s3_bucket", bucket, `{"arn":true,"region":true,"server_side_encryption_configuration":true}`},
		} {
			if i > 0 || r.typ != "aws_kms_key" {
				changes.WriteString(",")
				planned.WriteString(",")
			}
			fmt.Fprintf(&changes, `{"address":"%s.%s.this","module_address":"%s","mode":"managed","type":"%s","name":"this","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["update"],"before":%s,"after":%s,"after_unknown":%s,"before_sensitive":{},"after_sensitive":{}}}`,
				m, r.typ, m, r.typ, r.after, r.after, r.unk)
			fmt.Fprintf(&planned, `{"address":"%s.%s.this","mode":"managed","type":"%s","name":"this","values":%s,"sensitive_values":{}}`, m, r.typ, r.typ, r.after)
		}
	}
	config := `{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"constant_value":"eu-west-1"}}}},"root_module":{"module_calls":{"t":{"source":"acme/trail/aws","for_each_expression":{"references":["var.regions"]},"module":{"resources":[` +
		`{"address":"aws_kms_key.this","mode":"managed","type":"aws_kms_key","name":"this","provider_config_key":"aws","expressions":{"enable_key_rotation":{"constant_value":true},"policy":{}}},` +
		`{"address":"aws_cloudtrail.this","mode":"managed","type":"aws_cloudtrail","name":"this","provider_config_key":"aws","expressions":{"name":{},"s3_bucket_name":{"references":["aws_s3_bucket.this.id","aws_s3_bucket.this"]},"kms_key_id":{"references":["aws_kms_key.this.arn","aws_kms_key.this"]}}},` +
		`{"address":"aws_s3_bucket.this","mode":"managed","type":"aws_s3_bucket","name":"this","provider_config_key":"aws","expressions":{"bucket":{}}}]}}}}}`
	return []byte(`{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{"child_modules":[{"resources":[` +
		planned.String() + `]}]}},"resource_changes":[` + changes.String() + `],"configuration":` + config + `}`)
}

// BenchmarkParse reads a plan of three thousand instances: the time, the
// memory, and what it charges to the unit's bytes of values, which must
// leave a plan of this size well within the default budget.
func BenchmarkParse(b *testing.B) {
	data := bigPlan(1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var used int64
	for b.Loop() {
		run := budget.New(budget.Limits{})
		p := Parse(data, "plan.json", Options{Budget: run})
		if len(p.Diagnostics) > 0 || len(p.Resources()) != 3000 {
			b.Fatalf("%d resources, diagnostics:\n%s", len(p.Resources()), diagText(p.Diagnostics))
		}
		used = run.Usage().Used[budget.UnitBytes]
	}
	b.ReportMetric(float64(used)/float64(len(data)), "charged/byte")
}

// A plan is charged a few bytes of values per byte of its file, what is
// built of it: the before values, the planned values and the prior state
// that repeat resource_changes, and the positions of a policy's characters,
// are not kept. The default budget then reads plans of tens of megabytes.
func TestChargePerByte(t *testing.T) {
	data := bigPlan(300)
	run := budget.New(budget.Limits{})
	p := Parse(data, "plan.json", Options{Budget: run})
	if len(p.Diagnostics) > 0 || len(p.Resources()) != 900 {
		t.Fatalf("%d resources, diagnostics:\n%s", len(p.Resources()), diagText(p.Diagnostics))
	}
	if per := float64(run.Usage().Used[budget.UnitBytes]) / float64(len(data)); per > 3 {
		t.Errorf("%.2f bytes charged per byte of the file", per)
	}
}
