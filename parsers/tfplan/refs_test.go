package tfplan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trailint/trailint/graph"
)

// refsPlan is a root calling module m twice (for_each) whose trail's key
// comes through an input from the root's key, and whose output feeds the
// root's alias; module m's output o2 and input back form a cycle.
const refsPlan = `{"format_version": "1.2",
"resource_changes": [
 {"address": "aws_kms_key.k[\"a\"]", "index": "a", "change": {"actions": ["create"], "after": {}, "after_unknown": {"arn": true}}},
 {"address": "aws_kms_key.k[\"b\"]", "index": "b", "change": {"actions": ["create"], "after": {}, "after_unknown": {"arn": true}}},
 {"address": "aws_kms_alias.a", "change": {"actions": ["create"], "after": {"name": "alias/a"}, "after_unknown": {"target_key_id": true}}},
 {"address": "module.m[\"x\"].aws_cloudtrail.t", "change": {"actions": ["create"], "after": {"name": "x"}, "after_unknown": {"kms_key_id": true}}},
 {"address": "module.m[\"y\"].aws_cloudtrail.t", "change": {"actions": ["create"], "after": {"name": "y"}, "after_unknown": {"kms_key_id": true}}}
],
"configuration": {"root_module": {
 "resources": [
  {"address": "aws_kms_key.k", "mode": "managed", "type": "aws_kms_key", "name": "k"},
  {"address": "aws_kms_alias.a", "mode": "managed", "type": "aws_kms_alias", "name": "a",
   "expressions": {"name": {"constant_value": "alias/a"}, "target_key_id": {"references": ["module.m[\"x\"].key", "module.m[\"x\"]", "module.m"]}}}
 ],
 "module_calls": {"m": {"source": "../m", "for_each_expression": {"references": ["var.names"]},
  "expressions": {"key": {"references": ["aws_kms_key.k[\"b\"].arn", "aws_kms_key.k[\"b\"]", "aws_kms_key.k"]},
                  "back": {"references": ["module.m.o2", "module.m"]}},
  "module": {
   "resources": [{"address": "aws_cloudtrail.t", "mode": "managed", "type": "aws_cloudtrail", "name": "t",
     "expressions": {"name": {"references": ["each.key"]}, "kms_key_id": {"references": ["var.key"]},
                     "s3_bucket_name": {"references": ["var.back"]}}}],
   "outputs": {"key": {"expression": {"references": ["var.key"]}}, "o2": {"expression": {"references": ["var.back"]}}},
   "variables": {"key": {}, "back": {}}
  }}}
}}}`

// References reach through module inputs and outputs to the instance and
// attribute they read, per module instance; a cycle through an output and
// an input leads nowhere and ends.
func TestRefs(t *testing.T) {
	p := Parse([]byte(refsPlan), "p.json", Options{})
	if len(p.Diagnostics) > 0 {
		t.Fatalf("diagnostics:\n%s", diagText(p.Diagnostics))
	}
	var b strings.Builder
	for _, r := range p.Resources() {
		fmt.Fprintf(&b, "%s\n", r.ID)
		for _, prop := range []string{"kms key", "bucket", "target key"} {
			if a := r.Props[graph.Prop(prop)]; a != nil && a.Value != nil {
				fmt.Fprintf(&b, "  %s %s\n", a.Name, short(a.Value))
			}
		}
	}
	want := `plan:aws_kms_alias.a
  target_key_id unknown(aws_kms_key.k["b"].arn is known after apply) @5:132-5:136 refs plan:aws_kms_key.k["b"].arn
plan:aws_kms_key.k["a"]
plan:aws_kms_key.k["b"]
plan:module.m["x"].aws_cloudtrail.t
  kms_key_id unknown(aws_kms_key.k["b"].arn is known after apply) @6:140-6:144 refs plan:aws_kms_key.k["b"].arn
  s3_bucket_name unknown(module.m["x"].aws_cloudtrail.t.s3_bucket_name is not in the plan) @6:14-6:48
plan:module.m["y"].aws_cloudtrail.t
  kms_key_id unknown(aws_kms_key.k["b"].arn is known after apply) @7:140-7:144 refs plan:aws_kms_key.k["b"].arn
  s3_bucket_name unknown(module.m["y"].aws_cloudtrail.t.s3_bucket_name is not in the plan) @7:14-7:48
`
	if got := b.String(); got != want {
		t.Errorf("refs:\n%s\nwant:\n%s", got, want)
	}
	// The whole module call names every output of every instance.
	e := &Expr{References: []string{"module.m"}}
	if got := fmt.Sprint(p.ExprRefs(e, "")); got != `[{plan:aws_kms_key.k["b"] arn}]` {
		t.Errorf("module.m refers to %s", got)
	}
	ids := Options{ID: func(addr string) string { return "root:" + addr }}
	q := Parse([]byte(refsPlan), "p.json", ids)
	if got := fmt.Sprint(q.Refs(q.Instance(`module.m["x"].aws_cloudtrail.t`), "kms_key_id")); got != `[{root:aws_kms_key.k["b"] arn}]` {
		t.Errorf("refs with the caller's IDs: %s", got)
	}
	if r := q.Resource(`module.m["x"].aws_cloudtrail.t`); r.ID != `root:module.m["x"].aws_cloudtrail.t` {
		t.Errorf("ID %s", r.ID)
	}
}

func TestLongest(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"aws_kms_key.k[0].arn,aws_kms_key.k[0],aws_kms_key.k", "aws_kms_key.k[0].arn"},
		{"aws_kms_key.k.arn,aws_kms_key.k,aws_kms_key.kk.arn,aws_kms_key.kk", "aws_kms_key.k.arn,aws_kms_key.kk.arn"},
		{"var.a,var.a,var.ab", "var.a,var.ab"},
		{"module.m.out,module.m,local.x", "local.x,module.m.out"},
	} {
		if got := strings.Join(longest(strings.Split(tc.in, ",")), ","); got != tc.want {
			t.Errorf("longest(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestAddresses(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"aws_kms_key.k", `module="" managed aws_kms_key k key=""`},
		{"data.aws_region.r", `module="" data aws_region r key=""`},
		{`module.a["x.y"].module.b[2].aws_kms_key.k[0]`, `module="module.a[\"x.y\"].module.b[2]" managed aws_kms_key k key="[0]"`},
		{`module.a["q\"]"].data.t.n["k"]`, `module="module.a[\"q\\\"]\"]" data t n key="[\"k\"]"`},
		{"module.module.aws_kms_key.k", `module="module.module" managed aws_kms_key k key=""`},
		{"aws_kms_key", "invalid"},
		{"aws_kms_key.k.arn", "invalid"},
		{"aws_kms_key[0].k", "invalid"},
		{"module.a.aws_kms_key", "invalid"},
		{`aws_kms_key.k["x]`, "invalid"},
		{"aws_kms_key.k[]", "invalid"},
		{"aws_kms_key..k", "invalid"},
		{"aws_kms_key.k.", "invalid"},
		{"aws kms_key.k", "invalid"},
		{"", "invalid"},
	} {
		a, ok := parseAddress(tc.in)
		got := "invalid"
		if ok {
			got = fmt.Sprintf("module=%q %s %s %s key=%q", a.module, a.mode, a.typ, a.name, a.key)
		}
		if got != tc.want {
			t.Errorf("parseAddress(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, path, parent, call string }{
		{`module.a["x"].module.b[0]`, "module.a.module.b", `module.a["x"]`, "b[0]"},
		{`module.a`, "module.a", "", "a"},
		{"", "", "", ""},
	} {
		lc := lastCall(tc.in)
		if got := configPath(tc.in) + "|" + parentModule(tc.in) + "|" + lc.name + lc.key; got != tc.path+"|"+tc.parent+"|"+tc.call {
			t.Errorf("%q: %s", tc.in, got)
		}
	}
	if got := canonical(`module.a["x\u0041"].aws_kms_key.k[0]`); got != `module.a["xA"].aws_kms_key.k[0]` {
		t.Errorf("canonical %s", got)
	}
}
