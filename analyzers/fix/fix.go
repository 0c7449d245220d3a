// Package fix writes the text of fixes in the syntax of the place they go:
// a Terraform block's body, a policy document's statement blocks, the HCL
// object of a jsonencode() call, JSON text, a CloudFormation YAML or JSON
// template. Every rule writes its fixes through it, so that a fix can be
// pasted where its finding points, and gives them as edits where the place
// is known.
package fix

import (
	"strings"

	"github.com/trailint/trailint/graph"
)

// HCL is the form of a Terraform block's body: attributes written
// `name = value`. It is the form of jsonencode() objects too.
const HCL = graph.FormJSONEncode

// Of is the form of r's properties: HCL for Terraform (JSON for a .tf.json
// file), the template's syntax for CloudFormation.
func Of(r *graph.Resource) graph.Form {
	if r.Format == graph.CloudFormation {
		for _, a := range r.Props {
			if a.Form == graph.FormTemplateJSON {
				return graph.FormTemplateJSON
			}
		}
		return graph.FormYAML
	}
	if strings.HasSuffix(strings.ToLower(r.Header.File), ".json") {
		return graph.FormJSON
	}
	return HCL
}

// CloudFormation reports whether form is a template's.
func CloudFormation(form graph.Form) bool {
	return form == graph.FormYAML || form == graph.FormTemplateJSON
}

// Value is a value to write: text, a boolean, or a reference to an
// attribute of a resource.
type Value struct {
	kind valueKind
	text string
	attr string // of a reference
	b    bool
}

type valueKind uint8

const (
	textValue valueKind = iota
	boolValue
	refValue
)

// Text is text, which may hold ${...} expressions of the form (Terraform
// interpolations, Fn::Sub variables).
func Text(s string) Value { return Value{kind: textValue, text: s} }

// Bool is true or false.
func Bool(b bool) Value { return Value{kind: boolValue, b: b} }

// Ref is an attribute of a resource: aws_kms_key.k.arn in Terraform,
// !GetAtt K.Arn in CloudFormation, or !Ref K for the attribute "".
func Ref(address, attr string) Value { return Value{kind: refValue, text: address, attr: attr} }

// Render writes v as a value of form.
func Render(form graph.Form, v Value) string {
	switch v.kind {
	case boolValue:
		if v.b {
			return "true"
		}
		return "false"
	case refValue:
		return renderRef(form, v)
	}
	return Quote(form, v.text)
}

func renderRef(form graph.Form, v Value) string {
	switch form {
	case graph.FormYAML:
		if v.attr == "" {
			return "!Ref " + v.text
		}
		return "!GetAtt " + v.text + "." + v.attr
	case graph.FormTemplateJSON:
		if v.attr == "" {
			return `{"Ref": ` + quote(v.text) + `}`
		}
		return `{"Fn::GetAtt": [` + quote(v.text) + `, ` + quote(v.attr) + `]}`
	case graph.FormJSON, graph.FormJSONFile, graph.FormTemplateFile:
		return quote("${" + v.text + "." + v.attr + "}")
	}
	return v.text + "." + v.attr
}

// Quote writes text as a string of form: quoted, and in a template with
// Fn::Sub when it holds ${...}.
func Quote(form graph.Form, s string) string {
	sub := CloudFormation(form) && strings.Contains(s, "${")
	switch {
	case sub && form == graph.FormTemplateJSON:
		return `{"Fn::Sub": ` + quote(s) + `}`
	case sub:
		return "!Sub " + quote(s)
	}
	return quote(s)
}

// quote writes s as a double-quoted string, which JSON, HCL and YAML read
// alike for the text fixes hold.
func quote(s string) string {
	return `"` + quoter.Replace(s) + `"`
}

// quoter is built once: a Replacer builds its tables on first use.
var quoter = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// Name writes a property name as form writes it: quoted in JSON.
func Name(form graph.Form, name string) string {
	switch form {
	case graph.FormJSON, graph.FormJSONFile, graph.FormTemplateFile, graph.FormTemplateJSON:
		return quote(name)
	}
	return name
}

// Property writes `name = value`, `Name: value` or `"Name": value`.
func Property(form graph.Form, name string, v Value) string {
	switch form {
	case graph.FormYAML:
		return name + ": " + Render(form, v)
	case graph.FormJSON, graph.FormJSONFile, graph.FormTemplateFile, graph.FormTemplateJSON:
		return quote(name) + ": " + Render(form, v)
	}
	return name + " = " + Render(form, v)
}

// Comment writes a note after a line of form, where the form has comments.
func Comment(form graph.Form, text string) string {
	switch form {
	case graph.FormYAML, HCL, graph.FormPolicyDocument:
		return "   # " + text
	}
	return ""
}
