package fix

import (
	"strings"

	"github.com/trailint/trailint/graph"
)

// Statement is a policy statement a fix adds: an Allow of actions on every
// resource of the key ("*", the key policy's own key) to one principal.
type Statement struct {
	Sid string
	// Principal is the principal's type ("Service", "AWS") and value.
	Principal  [2]string
	Actions    []string
	Conditions []Condition
}

// Condition is one test of a statement: its operator, its key, and the
// values any of which may match (text that may hold ${...}).
type Condition struct {
	Test, Key string
	Values    []string
}

// byTest groups conditions by test, in order: a policy holds each test once,
// with all its keys (a second "StringLike" would replace the first).
func byTest(cs []Condition) [][]Condition {
	var out [][]Condition
	at := map[string]int{}
	for _, c := range cs {
		i, ok := at[c.Test]
		if !ok {
			i = len(out)
			at[c.Test] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], c)
	}
	return out
}

// Render writes s in form, each line indented by ind: a statement block
// of an aws_iam_policy_document, an element of a jsonencode() Statement
// list (with its trailing comma), an item of a YAML Statement list, or a
// JSON object.
func (s Statement) Render(form graph.Form, ind string) string {
	var lines []string
	add := func(line string) { lines = append(lines, ind+line) }
	quoted := func(vs []string) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = Quote(form, v)
		}
		return out
	}
	one := func(vs []string) string {
		q := quoted(vs)
		if len(q) == 1 {
			return q[0]
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	switch form {
	case graph.FormPolicyDocument:
		add("statement {")
		add(`  sid       = ` + quote(s.Sid))
		add(`  effect    = "Allow"`)
		add(`  actions   = [` + strings.Join(quoted(s.Actions), ", ") + `]`)
		add(`  resources = ["*"]`)
		add(`  principals {`)
		add(`    type        = ` + quote(s.Principal[0]))
		add(`    identifiers = [` + quote(s.Principal[1]) + `]`)
		add(`  }`)
		for _, c := range s.Conditions {
			add(`  condition {`)
			add(`    test     = ` + quote(c.Test))
			add(`    variable = ` + quote(c.Key))
			add(`    values   = [` + strings.Join(quoted(c.Values), ", ") + `]`)
			add(`  }`)
		}
		add("}")
	case HCL:
		add("{")
		add(`  Sid       = ` + quote(s.Sid))
		add(`  Effect    = "Allow"`)
		add(`  Principal = { ` + s.Principal[0] + ` = ` + quote(s.Principal[1]) + ` }`)
		add(`  Action    = ` + one(s.Actions))
		add(`  Resource  = "*"`)
		if len(s.Conditions) > 0 {
			add(`  Condition = {`)
			for _, g := range byTest(s.Conditions) {
				var kv []string
				for _, c := range g {
					kv = append(kv, quote(c.Key)+" = "+one(c.Values))
				}
				add(`    ` + g[0].Test + ` = { ` + strings.Join(kv, ", ") + ` }`)
			}
			add(`  }`)
		}
		add("},")
	case graph.FormYAML:
		add("- Sid: " + s.Sid)
		add("  Effect: Allow")
		add("  Principal:")
		add("    " + s.Principal[0] + ": " + Quote(form, s.Principal[1]))
		if len(s.Actions) == 1 {
			add("  Action: " + quote(s.Actions[0]))
		} else {
			add("  Action:")
			for _, a := range s.Actions {
				add("    - " + quote(a))
			}
		}
		add(`  Resource: "*"`)
		if len(s.Conditions) > 0 {
			add("  Condition:")
			for _, g := range byTest(s.Conditions) {
				add("    " + g[0].Test + ":")
				for _, c := range g {
					if len(c.Values) == 1 {
						add("      " + quote(c.Key) + ": " + Quote(form, c.Values[0]))
						continue
					}
					add("      " + quote(c.Key) + ":")
					for _, v := range quoted(c.Values) {
						add("        - " + v)
					}
				}
			}
		}
	default: // JSON text, or a CloudFormation JSON template
		add("{")
		add(`  "Sid": ` + quote(s.Sid) + `,`)
		add(`  "Effect": "Allow",`)
		add(`  "Principal": {` + quote(s.Principal[0]) + `: ` + Quote(form, s.Principal[1]) + `},`)
		add(`  "Action": ` + one(s.Actions) + `,`)
		if len(s.Conditions) == 0 {
			add(`  "Resource": "*"`)
		} else {
			add(`  "Resource": "*",`)
			add(`  "Condition": {`)
			groups := byTest(s.Conditions)
			for i, g := range groups {
				sep := ","
				if i == len(groups)-1 {
					sep = ""
				}
				var kv []string
				for _, c := range g {
					kv = append(kv, quote(c.Key)+": "+one(c.Values))
				}
				add(`    ` + quote(g[0].Test) + `: {` + strings.Join(kv, ", ") + `}` + sep)
			}
			add(`  }`)
		}
		add("}")
	}
	return strings.Join(lines, "\n")
}

// Policy writes a whole key policy of statements as the key's policy
// property: `policy = jsonencode({...})` for Terraform (the idiom for a
// key's policy), KeyPolicy in a template's syntax.
func Policy(form graph.Form, ss []Statement) string {
	var parts []string
	switch form {
	case graph.FormYAML:
		for _, s := range ss {
			parts = append(parts, s.Render(form, "    "))
		}
		return "KeyPolicy:\n  Version: \"2012-10-17\"\n  Statement:\n" + strings.Join(parts, "\n")
	case graph.FormTemplateJSON:
		for _, s := range ss {
			parts = append(parts, s.Render(form, "    "))
		}
		return "\"KeyPolicy\": {\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n" + strings.Join(parts, ",\n") + "\n  ]\n}"
	}
	for _, s := range ss {
		parts = append(parts, s.Render(HCL, "    "))
	}
	return "policy = jsonencode({\n  Version = \"2012-10-17\"\n  Statement = [\n" + strings.Join(parts, "\n") + "\n  ]\n})"
}

// Part is how much of a condition is written: what is added to a
// statement that has some of it already.
type Part uint8

// Parts of a condition, from the least to the whole.
const (
	Values  Part = iota // the values, to add to the key's
	Key                 // the key and its values, to add to the operator's
	Test                // the operator with the key, to add to the Condition
	Element             // the Condition element, for a statement without one
)

// Render writes part of c in form. A policy document writes conditions
// as blocks of their own, whatever the statement has: a condition block.
func (c Condition) Render(form graph.Form, part Part) string {
	values := make([]string, len(c.Values))
	for i, v := range c.Values {
		values[i] = Quote(form, v)
	}
	list := strings.Join(values, ", ")
	if len(values) > 1 {
		list = "[" + list + "]"
	}
	if form == graph.FormPolicyDocument {
		return "condition {\n  test     = " + quote(c.Test) + "\n  variable = " + quote(c.Key) + "\n  values   = [" + strings.Join(values, ", ") + "]\n}"
	}
	if part == Values {
		return list
	}
	pair := quote(c.Key) + ": " + list
	if form == HCL {
		pair = quote(c.Key) + " = " + list
	}
	if part == Key {
		return pair
	}
	var op string
	switch form {
	case HCL:
		op = c.Test + " = { " + pair + " }"
	case graph.FormYAML:
		op = c.Test + ":\n  " + pair
	default:
		op = quote(c.Test) + ": {" + pair + "}"
	}
	if part == Test {
		return op
	}
	switch form {
	case HCL:
		return "Condition = {\n  " + op + "\n}"
	case graph.FormYAML:
		return "Condition:\n  " + strings.ReplaceAll(op, "\n", "\n  ")
	}
	return quote("Condition") + ": {" + op + "}"
}
