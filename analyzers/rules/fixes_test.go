package rules_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/scan"
)

func fixture(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "testdata"}, parts...)...)
}

// check scans paths under root as the command does with them (files
// named alone are analysed in their context and findings are kept when
// one of their locations is in a named file), unit by unit or whole.
func check(t *testing.T, root string, paths []string, units bool) []analyzers.Diagnostic {
	t.Helper()
	var abs []string
	for _, p := range paths {
		abs = append(abs, filepath.Join(root, p))
	}
	var opts scan.Options
	var stream *analyzers.Stream
	if units {
		stream = analyzers.NewStream(rules.All())
		opts.Sink = stream
	}
	res, err := scan.Run(root, abs, opts)
	if err != nil {
		t.Fatal(err)
	}
	var diags []analyzers.Diagnostic
	if units {
		_, diags = stream.Result()
	} else {
		diags = analyzers.Run(res.Graph, rules.All())
	}
	if res.Only == nil {
		return diags
	}
	return analyzers.Touching(diags, res.Named)
}

func where(ds []analyzers.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s:%d:%d %s", d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Rule))
	}
	return out
}

// TestPullRequestOfTheKeyFile is a pull request that changes only the
// key's file: the finding is located there, in the diff, and pre-commit,
// which names the changed files alone, reports it; naming the trail's file
// reports it too, since the trail is one of its locations.
func TestPullRequestOfTheKeyFile(t *testing.T) {
	root := fixture("terraform", "pr-key-file")
	fixes := map[string]bool{}
	for _, c := range []struct {
		paths []string
		want  []string
	}{
		{[]string{"."}, []string{"key.tf:8:3 TL011"}},
		{[]string{"key.tf"}, []string{"key.tf:8:3 TL011"}},
		{[]string{"trail.tf"}, []string{"key.tf:8:3 TL011"}},
	} {
		for _, units := range []bool{false, true} {
			ds := check(t, root, c.paths, units)
			if got := where(ds); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%v (units %v): %v, want %v", c.paths, units, got, c.want)
				continue
			}
			d := ds[0]
			if len(d.Related) != 2 || d.Related[1].Range.File != "trail.tf" || d.Related[1].Range.Start.Line != 12 ||
				d.Related[1].Message != "the trail aws_cloudtrail.main" {
				t.Errorf("%v: related %v, want the key, then the trail's kms_key_id at trail.tf:12", c.paths, d.Related)
			}
			if !strings.HasPrefix(d.Message, "trail aws_cloudtrail.main cannot use key aws_kms_key.trail: ") {
				t.Errorf("%v: %s", c.paths, d.Message)
			}
			fixes[d.Fix+fmt.Sprint(d.Edits)] = true
		}
	}
	if len(fixes) != 1 {
		t.Errorf("the fix differs with the files named: %v", fixes)
	}
}

// sharedModuleFix is the fix of the module's key policy, whichever root
// reaches it: the module's data source for the region, its variable for
// the account, the variable the trail is named by, and a pattern for the
// partition, which the module has nothing to name by.
const sharedModuleFix = `{
  Sid       = "AllowCloudTrailDescribeKey"
  Effect    = "Allow"
  Principal = { Service = "cloudtrail.amazonaws.com" }
  Action    = "kms:DescribeKey"
  Resource  = "*"
  Condition = {
    StringLike = { "aws:SourceArn" = "arn:*:cloudtrail:${data.aws_region.current.name}:${var.aws_account_id}:trail/${var.name}" }
  }
},`

// TestOneFindingPerDefectOneFix checks a module two roots call in two
// regions with two trail names: one finding per defect, naming both roots,
// with the same fix and fingerprint whether the tree is analysed whole or
// unit by unit, whether the module's file is named alone (pre-commit) or
// its directory, and when the module is scanned alone as a root of its
// own.
func TestOneFindingPerDefectOneFix(t *testing.T) {
	root := fixture("terraform", "shared-module")
	const moduleKey = "TL010:modules/trail/main.tf:aws_kms_key.trail:policy:kms:DescribeKey"
	for _, c := range []struct {
		root  string
		paths []string
		units bool
		reach string
		rules string
		// key is the TL010 finding's fingerprint, whose path is from the
		// root scanned.
		key string
	}{
		{root, []string{"."}, false, " (in roots a and b)", "TL010 TL012", moduleKey},
		{root, []string{"."}, true, " (in roots a and b)", "TL010 TL012", moduleKey},
		{root, []string{"modules/trail/main.tf"}, false, " (in roots a and b)", "TL010 TL012", moduleKey},
		{root, []string{"modules/trail/main.tf"}, true, " (in roots a and b)", "TL010 TL012", moduleKey},
		// Alone, the module's inputs are unknown: whether its Encrypt
		// statement admits the trail depends on them.
		{filepath.Join(root, "modules", "trail"), []string{"."}, false, "", "TL010 TL012 TL030", "TL010:main.tf:aws_kms_key.trail:policy:kms:DescribeKey"},
	} {
		ds := check(t, c.root, c.paths, c.units)
		var got []string
		for _, d := range ds {
			got = append(got, d.Rule)
			if d.Rule != "TL010" {
				continue
			}
			if d.Fix != sharedModuleFix {
				t.Errorf("%s %v (units %v): fix\n%s\nwant\n%s", c.root, c.paths, c.units, d.Fix, sharedModuleFix)
			}
			if d.Key != c.key {
				t.Errorf("%s %v (units %v): key %q, want %q", c.root, c.paths, c.units, d.Key, c.key)
			}
			addr := "module.trail.aws_cloudtrail.this"
			if c.reach == "" {
				addr = "aws_cloudtrail.this"
			}
			if want := "trail " + addr + c.reach + " cannot use key "; !strings.HasPrefix(d.Message, want) {
				t.Errorf("%s %v: %q, want it to start %q", c.root, c.paths, d.Message, want)
			}
		}
		if strings.Join(got, " ") != c.rules {
			t.Errorf("%s %v (units %v): findings %v, want %s once each", c.root, c.paths, c.units, where(ds), c.rules)
		}
	}
}

// TestFixes checks fixes as they are given: in the syntax of the place
// they go (JSON templates get JSON), covering every trail that reaches the
// defect, keeping what the user wrote.
func TestFixes(t *testing.T) {
	for _, c := range []struct {
		dir []string
		at  string // file:line:col rule
		fix string
		msg string // a fragment of the message
		// edits is false for a fix that names what the user creates.
		edits bool
	}{
		{[]string{"terraform", "shared-key"}, "main.tf:16:3 TL010", `{
  Sid       = "AllowCloudTrailDescribeKey"
  Effect    = "Allow"
  Principal = { Service = "cloudtrail.amazonaws.com" }
  Action    = "kms:DescribeKey"
  Resource  = "*"
  Condition = {
    StringEquals = { "aws:SourceArn" = ["arn:aws:cloudtrail:eu-central-1:${data.aws_caller_identity.current.account_id}:trail/data-events", "arn:aws:cloudtrail:eu-central-1:${data.aws_caller_identity.current.account_id}:trail/management"] }
  }
},`, "trails aws_cloudtrail.management and aws_cloudtrail.data cannot use key aws_kms_key.trail", true},
		{[]string{"terraform", "sns-scope"}, "main.tf:42:3 TL013", `statement {
  sid       = "CloudTrailAndNotifications"
  effect    = "Allow"
  actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
  resources = ["*"]
  principals {
    type        = "Service"
    identifiers = ["cloudtrail.amazonaws.com"]
  }
  condition {
    test     = "StringEquals"
    variable = "aws:SourceArn"
    values   = ["arn:aws:cloudtrail:ap-northeast-1:${data.aws_caller_identity.current.account_id}:trail/main"]
  }
}`, "SNS requests carry no CloudTrail encryption context: replace it with the statement below, scoped with aws:SourceArn", true},
		{[]string{"cloudformation", "json-fixes"}, "template.json:42:5 TL001", `"KMSKeyId": {"Fn::GetAtt": ["TrailKey", "Arn"]}`, "KMSKeyId is not set", false},
		{[]string{"cloudformation", "json-fixes"}, "template.json:54:9 TL001", `"KMSKeyId"`, "Rename it to KMSKeyId; its value stays as it is.", true},
		{[]string{"cloudformation", "json-fixes"}, "template.json:60:9 TL022", `"Enabled": true`, "trail LazyTrail uses key LazyKey, which is disabled", true},
		{[]string{"cloudformation", "json-fixes"}, "template.json:100:5 TL023", `"EnableKeyRotation": true`, "EnableKeyRotation is not set", true},
		{[]string{"cloudformation", "no-key"}, "trails.yaml:22:7 TL001", `KMSKeyId`, "spelled KmsKeyId", true},
		{[]string{"cloudformation", "key-config"}, "template.yaml:8:7 TL022", `Enabled: true`, "which is disabled", true},
		{[]string{"terraform", "key-config"}, "main.tf:26:3 TL021", `customer_master_key_spec = "SYMMETRIC_DEFAULT"`, "whose customer_master_key_spec is HMAC_256", true},
		{[]string{"terraform", "key-not-arn"}, "main.tf:44:3 TL002", `kms_key_id = aws_kms_key.trail.arn`, "Use aws_kms_key.trail.arn.", true},
	} {
		root := fixture(c.dir...)
		found := false
		for _, d := range check(t, root, []string{"."}, false) {
			if fmt.Sprintf("%s:%d:%d %s", d.Range.File, d.Range.Start.Line, d.Range.Start.Column, d.Rule) != c.at {
				continue
			}
			found = true
			if d.Fix != c.fix {
				t.Errorf("%s %s: fix\n%s\nwant\n%s", root, c.at, d.Fix, c.fix)
			}
			if !strings.Contains(d.Message, c.msg) {
				t.Errorf("%s %s: %q, want %q in it", root, c.at, d.Message, c.msg)
			}
			if (len(d.Edits) > 0) != c.edits {
				t.Errorf("%s %s: edits %q, want edits: %v", root, c.at, d.Edits, c.edits)
			}
		}
		if !found {
			t.Errorf("%s: no finding at %s", root, c.at)
		}
	}
}
