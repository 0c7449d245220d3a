package tfplan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"

	"github.com/trailint/trailint/graph"
)

// The configuration as the plan describes it: module calls with their
// sources (a registry source is not local), declarations with their
// provider keys and each argument's constant or references, nested blocks
// as blocks, outputs, variables, and the provider configurations.
func TestConfig(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		want    string
	}{
		{"registry.json", `module ""
  managed aws_kms_alias.trail provider=aws at 404:22-404:43
    name expr@410:21-412:14 const "alias/trail" @411:33-411:46
    target_key_id expr@413:30-418:14 refs module.trail.key_arn,module.trail
  managed aws_s3_bucket.logs provider=aws at 423:22-423:42
    bucket expr@429:23-431:14 const "acme-trail-logs" @430:33-430:50
  data data.aws_caller_identity.current provider=aws at 436:22-436:56
  output key_arn expr@394:25-399:12 refs module.trail.key_arn,module.trail
  variables alert_email sensitive; region="us-east-1" @619:22-619:33; trail_name
  call trail source="acme/cloudtrail/aws" local=false version="2.1.0" at 445:9-445:16 source at 446:21-446:42 for_each=- count=-
    input bucket expr@448:23-453:14 refs aws_s3_bucket.logs.id,aws_s3_bucket.logs
    input name expr@454:21-458:14 refs var.trail_name
module "module.trail"
  managed aws_cloudtrail.this provider=aws at 473:28-473:49
    enable_log_file_validation expr@479:49-481:20 const true @480:39-480:43
    is_multi_region_trail expr@482:44-484:20 const true @483:39-483:43
    kms_key_id expr@485:33-490:20 refs aws_kms_key.this.arn,aws_kms_key.this
    name expr@491:27-495:20 refs var.name
    s3_bucket_name expr@496:37-500:20 refs var.bucket
  managed aws_kms_key.this provider=aws at 505:28-505:46
    description expr@511:34-513:20 const "CloudTrail logs — clé" @512:39-512:62
    enable_key_rotation expr@514:42-516:20 const true @515:39-515:43
    policy expr@517:29-522:20 refs data.aws_iam_policy_document.key.json,data.aws_iam_policy_document.key
  data data.aws_caller_identity.current provider=aws at 527:28-527:62
  data data.aws_iam_policy_document.key provider=aws at 535:28-535:62
    statement {
      actions expr@543:34-547:24 const list(1) @544:43-546:26
      resources expr@548:36-552:24 const list(1) @549:43-551:26
      sid expr@553:30-555:24 const "EnableIAMUserPermissions" @554:43-554:69
      principals {
        identifiers expr@561:42-566:28 refs data.aws_caller_identity.current.account_id,data.aws_caller_identity.current
        type expr@558:35-560:28 const "AWS" @559:47-559:52
      }
    }
    statement {
      actions expr@571:34-575:24 const list(1) @572:43-574:26
      resources expr@576:36-580:24 const list(1) @577:43-579:26
      sid expr@581:30-583:24 const "AllowCloudTrailDescribe" @582:43-582:68
      principals {
        identifiers expr@589:42-593:28 const list(1) @590:47-592:30
        type expr@586:35-588:28 const "Service" @587:47-587:56
      }
    }
  output key_arn expr@463:31-468:18 refs aws_kms_key.this.arn,aws_kms_key.this
  variables bucket; name
provider aws name=aws alias="" full=registry.terraform.io/hashicorp/aws at 378:7-378:12
  region expr@383:21-387:12 refs var.region
`},
		{"edges.json", `module ""
  managed aws_cloudtrail.audit provider=aws.audit at 430:22-430:44
    is_organization_trail expr@436:38-438:14 const true @437:33-437:37
    kms_key_id expr@439:27-441:14 const null @440:33-440:37
    name expr@442:21-444:14 const "audit" @443:33-443:40
    s3_bucket_name expr@445:31-450:14 refs aws_s3_bucket.audit.bucket,aws_s3_bucket.audit
  managed aws_cloudtrail_event_data_store.lake provider=aws at 455:22-455:60
    kms_key_id expr@461:27-466:14 refs aws_kms_key.existing.arn,aws_kms_key.existing
    name expr@467:21-469:14 const "lake" @468:33-468:39
  managed aws_kms_key.existing provider=aws at 474:22-474:44
    enable_key_rotation expr@480:36-482:14 const true @481:33-481:37
    policy expr@483:23-483:25
  managed aws_kms_key.west provider=aws.west at 488:22-488:40
    customer_master_key_spec expr@494:41-496:14 const "RSA_2048" @495:33-495:43
    is_enabled expr@497:27-499:14 const false @498:33-498:38
    key_usage expr@500:26-502:14 const "SIGN_VERIFY" @501:33-501:46
    policy expr@503:23-507:14 refs local.policy
  managed aws_kms_key_policy.pending provider=aws at 512:22-512:50
    key_id expr@518:23-523:14 refs aws_kms_key.west.id,aws_kms_key.west
    policy expr@524:23-529:14 refs aws_kms_key.west.arn,aws_kms_key.west
  managed aws_s3_bucket.audit provider=aws at 534:22-534:43
    bucket expr@540:23-542:14 const "audit-logs" @541:33-541:45
    server_side_encryption_configuration {
      rule {
        bucket_key_enabled expr@554:43-556:22 const true @555:41-555:45
        apply_server_side_encryption_by_default {
          sse_algorithm expr@549:42-551:26 const "aws:kms" @550:45-550:54
        }
      }
    }
  managed aws_s3_bucket_server_side_encryption_configuration.audit provider=aws at 565:22-565:80
    bucket expr@571:23-576:14 refs aws_s3_bucket.audit.id,aws_s3_bucket.audit
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm expr@581:38-583:22 const "AES256" @582:41-582:49
      }
    }
  data data.aws_region.current provider=aws at 592:22-592:47
  variables audit_role sensitive; regions
  call regional source="./modules/regional" local=true version="" at 601:9-601:19 source at 602:21-602:41 for_each=expr@603:34-607:12 refs var.regions count=-
    input region expr@609:23-613:14 refs each.key
module "module.regional"
  managed aws_cloudtrail.t provider=regional:aws at 618:28-618:46
    kms_key_id expr@624:33-630:20 refs aws_kms_key.k[0].arn,aws_kms_key.k[0],aws_kms_key.k
    name expr@631:27-635:20 refs var.region
    region expr@636:29-640:20 refs var.region
    s3_bucket_name expr@641:37-643:20 const "audit-logs" @642:39-642:51
  managed aws_kms_key.k provider=regional:aws at 648:28-648:43
    policy expr@657:29-657:31
    region expr@658:29-662:20 refs var.region
  variables region
provider aws name=aws alias="" full=registry.terraform.io/hashicorp/aws at 396:7-396:12
provider aws.audit name=aws alias="audit" full=registry.terraform.io/hashicorp/aws at 400:7-400:18
  assume_role {
    role_arn expr@407:27-411:16 refs var.audit_role
  }
provider aws.west name=aws alias="west" full=registry.terraform.io/hashicorp/aws at 416:7-416:17
  region expr@421:21-423:12 const "us-west-2" @422:31-422:42
`},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			p := readFixture(t, tc.fixture, Options{})
			var b strings.Builder
			dumpConfig(p.Root, &b)
			keys := make([]string, 0, len(p.Providers))
			for k := range p.Providers {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				pr := p.Providers[k]
				fmt.Fprintf(&b, "provider %s name=%s alias=%q full=%s at %s\n", pr.Key, pr.Name, pr.Alias, pr.FullName, at(pr.Range))
				dumpBlock(&b, pr.Body, "  ")
			}
			if got := b.String(); got != tc.want {
				t.Errorf("configuration:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// The root variables as the plan was made, each at its name; one the
// configuration declares sensitive is kept and marked.
func TestVariables(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		want    string
	}{
		{"registry.json", `alert_email sensitive "secops@example.com" @6:16-6:36 name 5:5-5:18 value-sensitive=true
region "eu-west-1" @9:16-9:27 name 8:5-8:13 value-sensitive=false
trail_name "org-trail" @12:16-12:27 name 11:5-11:17 value-sensitive=false
`},
		{"edges.json", `audit_role sensitive "arn:aws:iam::777788889999:role/audit" @6:16-6:54 name 5:5-5:17 value-sensitive=true
regions list(2) @9:16-12:8 name 8:5-8:14 value-sensitive=false
`},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			p := readFixture(t, tc.fixture, Options{})
			var names []string
			for n := range p.Variables {
				names = append(names, n)
			}
			sort.Strings(names)
			var b strings.Builder
			for _, n := range names {
				v := p.Variables[n]
				s := ""
				if v.Sensitive {
					s = " sensitive"
				}
				fmt.Fprintf(&b, "%s%s %s name %s value-sensitive=%v\n", v.Name, s, short(v.Value.Graph()), at(v.NameRange), v.Value.Sensitive)
			}
			if got := b.String(); got != tc.want {
				t.Errorf("variables:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// An instance is found by its address as Terraform writes it, and with its
// keys written as the Terraform loader writes them; the declaration of an
// instance of a module instance is its module's.
func TestLookup(t *testing.T) {
	p := readFixture(t, "edges.json", Options{})
	for _, tc := range []struct{ addr, want string }{
		{`module.regional["us-east-1"].aws_kms_key.k[0]`, `module.regional["us-east-1"].aws_kms_key.k[0]`},
		{`module.regional["eu-west-1"].aws_kms_key.k[0]`, `module.regional["eu-west-1"].aws_kms_key.k[0]`},
		{`module.regional["eu-west-1"].aws_kms_key.k[1]`, ""},
		{`module.regional.aws_kms_key.k[0]`, ""},
		{`aws_kms_key.old`, ""},      // deleted by the plan
		{`aws_kms_key.replaced`, ""}, // only a deposed object
		{`data.aws_region.current`, `data.aws_region.current`},
		{`module.regional[`, ""},
	} {
		in := p.Instance(tc.addr)
		got := ""
		if in != nil {
			got = in.Address
		}
		if got != tc.want {
			t.Errorf("Instance(%q) = %q, want %q", tc.addr, got, tc.want)
		}
	}
	in := p.Instance(`module.regional["us-east-1"].aws_cloudtrail.t`)
	d := p.Decl(in)
	if d == nil || d.Address != "aws_cloudtrail.t" || d.ProviderKey != "regional:aws" {
		t.Fatalf("declaration of %s: %+v", in.Address, d)
	}
	if e := d.Attr("kms_key_id"); e == nil || strings.Join(e.References, ",") != "aws_kms_key.k[0].arn,aws_kms_key.k[0],aws_kms_key.k" {
		t.Errorf("kms_key_id expression %+v", e)
	}
	if e := p.Decl(p.Instance("aws_s3_bucket.audit")).Attr("sse_algorithm", "server_side_encryption_configuration", "rule", "apply_server_side_encryption_by_default"); e == nil || e.Constant.Str != "aws:kms" {
		t.Errorf("nested sse_algorithm expression %+v", e)
	}
	calls := p.Calls(`module.regional["eu-west-1"]`)
	if len(calls) != 1 || calls[0].Name != "regional" || !calls[0].Local || calls[0].Module != p.Module("module.regional") {
		t.Errorf("calls to module.regional: %+v", calls)
	}
	if calls := p.Calls(`module.other`); len(calls) != 0 {
		t.Errorf("calls to a module the configuration does not call: %+v", calls)
	}
	if e := p.Decl(p.Instance("aws_s3_bucket.audit")).Attr("sse_algorithm", "rule"); e != nil {
		t.Errorf("sse_algorithm outside its blocks: %+v", e)
	}
}

// Terraform writes a plan on one line: columns count code points of that
// line (an em dash and an accented letter come before the policy), and a
// policy's statements point at their characters inside the string.
func TestOneLine(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "registry.json"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	p := Parse(buf.Bytes(), "plan.json", Options{})
	if len(p.Diagnostics) > 0 {
		t.Fatalf("diagnostics:\n%s", diagText(p.Diagnostics))
	}
	changes := strings.Index(text, `"resource_changes"`)
	// want is where the first occurrence of s after from is, as a
	// position of the one line.
	want := func(from int, s string) graph.Pos {
		i := from + strings.Index(text[from:], s)
		return graph.Pos{Line: 1, Column: utf8.RuneCountInString(text[:i]) + 1, Byte: i}
	}
	key := p.Resource("module.trail.aws_kms_key.this")
	if w := want(changes, `"module.trail.aws_kms_key.this"`); key.Header.Start != w {
		t.Errorf("key header at %+v, want %+v", key.Header.Start, w)
	}
	pol := key.Prop(graph.PropPolicy).Value
	sid := pol.Get("Statement").List[1].Get("Sid")
	w := want(changes+strings.Index(text[changes:], `"policy"`), `\"AllowCloudTrailDescribe\"`)
	if sid.Range.Start != w {
		t.Errorf("second Sid at %+v, want %+v", sid.Range.Start, w)
	}
	if w.Column-1 == w.Byte {
		t.Errorf("the line before the Sid has no character of several bytes: the test proves nothing")
	}
	end := w
	end.Column += utf8.RuneCountInString(`\"AllowCloudTrailDescribe\"`)
	end.Byte += len(`\"AllowCloudTrailDescribe\"`)
	if sid.Range.End != end {
		t.Errorf("second Sid ends at %+v, want %+v", sid.Range.End, end)
	}
}

// A UTF-8 byte-order mark is no character: positions are those of the
// text without it, bytes counted in the file.
func TestByteOrderMark(t *testing.T) {
	text := "{\"format_version\": \"1.2\",\n \"variables\": {\"a\": {\"value\": \"x\"}}}"
	p := Parse(append([]byte("\ufeff"), text...), "plan.json", Options{})
	if len(p.Diagnostics) > 0 {
		t.Fatalf("diagnostics:\n%s", diagText(p.Diagnostics))
	}
	v := p.Variables["a"].Value
	if got := fmt.Sprintf("%d:%d byte %d", v.Range.Start.Line, v.Range.Start.Column, v.Range.Start.Byte); got != "2:31 byte 59" {
		t.Errorf("value at %s", got)
	}
}

// Values convert to cty as jsondecode would make them; unknowns are
// cty.DynamicVal, and the caller's marks go on unknown and sensitive
// values.
func TestCty(t *testing.T) {
	p := readFixture(t, "edges.json", Options{})
	type mark string
	marks := func(v *Value) cty.ValueMarks {
		ms := cty.ValueMarks{}
		if v.Kind == Unknown {
			ms[mark("why:"+v.Why)] = struct{}{}
		}
		if v.Sensitive {
			ms[mark("sensitive")] = struct{}{}
		}
		return ms
	}
	trail := p.Instance("aws_cloudtrail.audit").Values.Cty(marks)
	if got := trail.GetAttr("name"); !got.RawEquals(cty.StringVal("audit")) {
		t.Errorf("name %#v", got)
	}
	if got := trail.GetAttr("kms_key_id"); !got.RawEquals(cty.NullVal(cty.DynamicPseudoType)) {
		t.Errorf("kms_key_id %#v", got)
	}
	arn := trail.GetAttr("arn")
	if arn.IsKnown() || !arn.HasMark(mark("why:aws_cloudtrail.audit.arn is known after apply")) {
		t.Errorf("arn %#v", arn)
	}
	sel := trail.GetAttr("event_selector")
	if !sel.Type().IsTupleType() || sel.LengthInt() != 2 || sel.Index(cty.NumberIntVal(1)).IsKnown() {
		t.Errorf("event_selector %#v", sel)
	}
	key := p.Instance("aws_kms_key.existing").Values.Cty(marks)
	if pol := key.GetAttr("policy"); !pol.HasMark(mark("sensitive")) || !strings.Contains(unmarked(pol).AsString(), `"Sid":"Root"`) {
		t.Errorf("policy %#v", pol)
	}
	if tags := key.GetAttr("tags"); tags.HasMark(mark("sensitive")) {
		t.Errorf("tags marked %#v", tags)
	}
	lake := p.Instance("aws_cloudtrail_event_data_store.lake").Values.Cty(nil)
	if got := lake.GetAttr("retention_period"); !got.RawEquals(cty.NumberIntVal(2557)) {
		t.Errorf("retention_period %#v", got)
	}
	for _, tc := range []struct {
		text string
		want cty.Value
	}{
		{"1.5e3", cty.NumberIntVal(1500)},
		{"-0.25", cty.NumberFloatVal(-0.25)},
		{"1e999999999", cty.DynamicVal},
		{"1e-999999999", cty.DynamicVal},
	} {
		got := (&Value{Kind: Number, Str: tc.text}).Cty(nil)
		if !got.RawEquals(tc.want) && !(got.IsKnown() && tc.want.IsKnown() && got.Equals(tc.want).True()) {
			t.Errorf("number %s = %#v, want %#v", tc.text, got, tc.want)
		}
	}
}

func unmarked(v cty.Value) cty.Value {
	u, _ := v.Unmark()
	return u
}

// What a provider configuration tells its resources, for the loader's
// providers: a module's configuration it inherits is found above it, and
// --region stands in where the plan tells nothing.
func TestProviderPlace(t *testing.T) {
	for _, tc := range []struct {
		key    string
		region string
		want   string
	}{
		{"aws", "", `"ap-southeast-2" @386:23-386:39 from data.aws_region.current in the plan; account "${account of provider aws in plan}" @-; partition "aws" @-`},
		{"module.regional:aws", "", `"ap-southeast-2" @386:23-386:39 from data.aws_region.current in the plan; account "${account of provider aws in plan}" @-; partition "aws" @-`},
		{"aws.west", "", `"us-west-2" @422:31-422:42 from provider "aws" (alias "west") in the plan; account "${account of provider aws.west in plan}" @-; partition "aws" @-`},
		{"aws.audit", "", `"${region of provider aws.audit in plan}" why(the plan does not tell the region of provider aws.audit) @- from provider "aws" (alias "audit"); account "${account of provider aws.audit in plan}" @-; partition "${partition of provider aws.audit in plan}" @-`},
		{"aws.audit", "cn-north-1", `"cn-north-1" @- from --region; account "${account of provider aws.audit in plan}" @-; partition "aws-cn" @-`},
	} {
		p := readFixture(t, "edges.json", Options{Region: tc.region})
		pl := p.ProviderPlace(tc.key)
		got := fmt.Sprintf("%s from %s; account %s; partition %s", short(pl.Region), pl.RegionFrom, short(pl.Account), short(pl.Partition))
		if got != tc.want {
			t.Errorf("%s: %s\nwant %s", tc.key, got, tc.want)
		}
	}
}

// Plans of early Terraform versions give an instance's key in its address
// only.
func TestKeyFromAddress(t *testing.T) {
	p := Parse([]byte(`{"format_version": "0.1", "planned_values": {"root_module": {"resources": [
  {"address": "aws_kms_key.k[1]", "values": {}}, {"address": "aws_kms_key.m[\"x\"]", "values": {}}]}}}`), "p.json", Options{})
	var got []string
	for _, a := range p.Addresses() {
		k := p.Instances[a].Key
		got = append(got, fmt.Sprintf("%s %s:%s", a, k.Kind, k.Str))
	}
	if s := strings.Join(got, "; "); s != `aws_kms_key.k[1] number:1; aws_kms_key.m["x"] string:x` {
		t.Errorf("keys: %s", s)
	}
}
