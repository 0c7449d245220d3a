package report

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/graph"
)

// The fixture: findings over the files of testdata/src, as the analyzers
// would report them.

var tool = Tool{Name: "trailint", Version: "0.1.0", InformationURI: "https://github.com/trailint/trailint"}

func rng(file string, l1, c1, l2, c2 int) graph.Range {
	return graph.Range{File: file, Start: graph.Pos{Line: l1, Column: c1}, End: graph.Pos{Line: l2, Column: c2}}
}

const (
	mainTF = "main.tf"
	audit  = "stacks/audit trail.yaml"
	broken = "broken.tf"
)

// rules returns the fixture's rules; docs counts calls of Doc, which only
// SARIF may make.
func rules(docs *int) []*analyzers.Analyzer {
	doc := func(md string) func() string {
		return func() string { *docs++; return md }
	}
	return []*analyzers.Analyzer{
		{
			Name: "TL001", Title: "CloudTrail logs are not encrypted with a customer managed KMS key",
			Severity: analyzers.Error,
			Doc: doc("# TL001\n\nA trail without `kms_key_id` writes logs encrypted with **SSE-S3** only " +
				"([CIS 3.5](https://www.cisecurity.org/benchmark/amazon_web_services)).\n\n" +
				"## Fix\n\n```hcl\nkms_key_id = aws_kms_key.trail.arn\n```\n"),
			Tags: []string{"security", "cloudtrail", "kms", "CIS-3.5"}, Precision: "very-high", SecuritySeverity: "7.5",
		},
		{
			Name: "TL011", Title: "The key policy does not let CloudTrail encrypt logs",
			Severity: analyzers.Error,
			Doc:      doc("The key policy must allow `kms:GenerateDataKey*` to `cloudtrail.amazonaws.com`.\nOtherwise CloudTrail cannot deliver logs."),
			Tags:     []string{"security", "cloudtrail", "kms"}, Precision: "high", SecuritySeverity: "8.0",
		},
		{
			Name: "TL013", Title: "The encrypt grant to CloudTrail is not scoped to a trail",
			Severity: analyzers.Warning,
			Doc:      doc(""),
			Tags:     []string{"security"}, Precision: "medium", SecuritySeverity: "4.0",
		},
		{
			Name: "TL023", Title: "Key rotation is not enabled (CIS 3.6)",
			Severity: analyzers.Warning,
			Doc:      doc("Enable rotation.\n"),
			Tags:     []string{"security", "kms", "CIS-3.6"}, Precision: "very-high", SecuritySeverity: "3.0",
		},
		{
			Name: "TL030", Title: "The key cannot be resolved statically",
			Severity: analyzers.Note,
			// No Doc, tags or properties: the rule still describes itself.
		},
	}
}

const policyFix = `{
  "Sid": "AllowCloudTrailEncrypt",
  "Effect": "Allow",
  "Principal": {"Service": "cloudtrail.amazonaws.com"},
  "Action": "kms:GenerateDataKey*",
  "Resource": "*",
  "Condition": {"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111122223333:trail/*"}}
}`

// fullInput covers an error with related locations and a fix, a warning, a
// note whose line holds a tab and non-ASCII text, an error without an end,
// a suppressed finding and a loader problem.
func fullInput(t testing.TB, docs *int) *Input {
	return &Input{
		Tool:  tool,
		Rules: rules(docs),
		Diagnostics: []analyzers.Diagnostic{
			{
				Rule: "TL023", Severity: analyzers.Warning,
				Message: "key rotation is disabled; set enable_key_rotation = true",
				Range:   rng(mainTF, 3, 3, 3, 30),
				Key:     "TL023:aws_kms_key.trail",
			},
			{
				Rule: "TL011", Severity: analyzers.Error,
				Message: "the key policy does not let CloudTrail call kms:GenerateDataKey* for this trail:\nno statement allows cloudtrail.amazonaws.com",
				Range:   rng(mainTF, 10, 3, 10, 41),
				Related: []analyzers.Related{
					{Range: rng(mainTF, 1, 1, 1, 31), Message: "the key"},
					{Range: rng(mainTF, 4, 3, 4, 62), Message: "its policy, which has no statement for CloudTrail"},
				},
				Fix: "add this statement to the key policy:\n" + policyFix,
				Key: "TL011:aws_cloudtrail.main",
			},
			{
				Rule: "TL013", Severity: analyzers.Warning,
				Message: "the encrypt grant to CloudTrail has no condition on the trail ARN, source ARN or source account",
				Range:   rng(mainTF, 10, 3, 10, 41),
				Key:     "TL013:aws_cloudtrail.main",
				Suppressed: &graph.Ignore{
					Rule: "TL013", Reason: "key shared with the org trail, reviewed",
					At: rng(mainTF, 7, 1, 7, 64), Covers: rng(mainTF, 8, 1, 12, 2),
				},
			},
			{
				Rule: "TL001", Severity: analyzers.Error,
				Message: "the trail has no KMSKeyId: its logs are encrypted with SSE-S3 only",
				Range:   rng(audit, 2, 3, 0, 0),
				Key:     "TL001:Trail",
			},
			{
				Rule: "TL030", Severity: analyzers.Note,
				Message: "the alias alias/clé-日本 is not declared here; it is resolved in account " +
					graph.Hole(graph.DomainAccount, "AWS::AccountId"),
				Range: rng(audit, 5, 17, 5, 31),
			},
		},
		Problems: []graph.Diagnostic{{
			Severity: graph.SevError,
			Summary:  "Unclosed configuration block",
			Detail:   "There is no closing brace for this block before the end of the file.",
			Range:    rng(broken, 3, 10, 3, 11),
		}},
		Sources: sources(t, mainTF, audit, broken),
		Files:   3,
		Root:    "/home/ci/work/infra repo",
	}
}

func emptyInput(docs *int) *Input {
	return &Input{Tool: tool, Rules: rules(docs), Files: 1, Root: "/src"}
}

func sources(t testing.TB, files ...string) map[string][]byte {
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("testdata", "src", filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		out[f] = b
	}
	return out
}

// manyInput has more errors and notes than GitHub annotates in one step
// (one of the errors a loader problem, one more note suppressed), and
// exactly as many warnings as it does.
func manyInput(docs *int) *Input {
	in := &Input{Tool: tool, Rules: rules(docs), Files: 2, Root: "/src"}
	in.Problems = []graph.Diagnostic{{Severity: graph.SevError, Summary: "Unclosed configuration block", Range: rng(broken, 3, 10, 3, 11)}}
	add := func(rule string, sev analyzers.Severity, n int, msg string) {
		for i := 1; i <= n; i++ {
			line := len(in.Diagnostics) + 1
			in.Diagnostics = append(in.Diagnostics, analyzers.Diagnostic{
				Rule: rule, Severity: sev, Range: rng(mainTF, line, 3, line, 20),
				Message: fmt.Sprintf("%s %d", msg, i),
			})
		}
	}
	add("TL011", analyzers.Error, 11, "no grant for trail")
	add("TL023", analyzers.Warning, 10, "rotation off for key")
	add("TL030", analyzers.Note, 12, "unresolved key")
	in.Diagnostics[len(in.Diagnostics)-1].Suppressed = &graph.Ignore{Rule: "TL030", Reason: "known"}
	return in
}
