package terraform

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/trailint/trailint/internal/budget"
)

// Terraform's built-in functions, as Terraform evaluates them rather than
// as cty's stdlib does: where the two differ (lookup's null default,
// length of a string, pow of a negative number) Terraform's behaviour is
// the one to copy. Each function is evaluated exactly wherever its result
// can be known before the plan; docs/terraform-functions.md lists every
// function and says how, and why not when it is unknown.
//
// Three rules hold for every function here:
//   - text with holes (graph/hole.go) is read only as far as the result
//     does not depend on what a hole stands for; past that the result is
//     unknown and says which input decides it;
//   - no function makes a value over the caps of a value (budget.Limits):
//     nothing checks a result after the call, so each function whose
//     result may be larger than its arguments works out its size first
//     and fails with the budget error instead;
//   - a result that depends on the machine, the clock or chance is
//     unknown, never a guess.

// functions returns the function table for expressions of the root module
// in rootDir; file functions resolve paths from there, as Terraform does.
// Every function is also callable as core::name, as in Terraform.
func (l *loader) functions(rootDir string) map[string]function.Function {
	if fns, ok := l.funcs[rootDir]; ok {
		return fns
	}
	fixed := fixedFuncs(l.opts.Budget.Limits())
	// Sized for what is added below, so that it is not made twice.
	fns := make(map[string]function.Function, len(fixed)+40)
	maps.Copy(fns, fixed)
	files := l.fileFuncs(rootDir)
	maps.Copy(fns, files)
	fns = l.budgeted(fns)
	// A templatestring template may read no file, nor render one.
	noFiles := append(slices.Collect(maps.Keys(files)), "templatefile")
	// The table of a template's expressions is the root's but for the
	// functions a template may not call; it is made when a template is
	// first rendered, as most roots render none.
	var inFile, inString map[string]function.Function
	fns["templatefile"] = l.budgetFunc(l.templateFileFunc(rootDir, func() map[string]function.Function {
		if inFile == nil {
			inFile = inTemplate(fns, nil)
		}
		return inFile
	}))
	fns["templatestring"] = l.budgetFunc(l.templateStringFunc(func() map[string]function.Function {
		if inString == nil {
			inString = inTemplate(fns, noFiles)
		}
		return inString
	}))
	withCore(fns)
	l.funcs[rootDir] = fns
	return fns
}

// withCore adds the core:: name of each built-in function; the names of
// provider functions and of trailint's internal ones hold a colon.
func withCore(fns map[string]function.Function) {
	for name, f := range fns {
		if !strings.Contains(name, ":") {
			fns["core::"+name] = f
		}
	}
}

// fixedTables holds the part of the function table that reads no file, per
// set of limits: the functions are values without state, shared by all
// loaders of runs with the same limits.
var fixedTables sync.Map // budget.Limits -> map[string]function.Function

func fixedFuncs(lim budget.Limits) map[string]function.Function {
	if t, ok := fixedTables.Load(lim); ok {
		return t.(map[string]function.Function)
	}
	t, _ := fixedTables.LoadOrStore(lim, buildFixed(caps{lim}))
	return t.(map[string]function.Function)
}

func buildFixed(c caps) map[string]function.Function {
	fns := map[string]function.Function{}
	for _, part := range []map[string]function.Function{
		numberFuncs(c), stringFuncs(c), collectionFuncs(c), encodingFuncs(c),
		cryptoFuncs(), networkFuncs(), timeFuncs(c), conversionFuncs(c), pathFuncs(),
		providerFuncs(c),
	} {
		maps.Copy(fns, part)
	}
	for name, f := range fns {
		fns[name] = c.argsChecked(name, f)
	}
	withCore(fns)
	return fns
}

// noText reports whether a parameter of type ty wants a number or a bool,
// or a collection of them: text with holes cannot be converted to one, but
// stands for text that may be.
func noText(ty cty.Type) bool {
	if ty.IsCollectionType() {
		ty = ty.ElementType()
	}
	return ty == cty.Number || ty == cty.Bool
}

// wantsText reports whether a parameter of type ty wants text, or a
// collection of text: a number given for it is written out.
func wantsText(ty cty.Type) bool {
	if ty.IsCollectionType() {
		ty = ty.ElementType()
	}
	return ty == cty.String
}

// argsChecked wraps f so that its arguments are converted to the types of
// its parameters by the wrapper rather than by hclsyntax, which converts
// them before any function code runs:
//   - text with holes given for a number or a bool makes the result
//     unknown, as an unknown string would in Terraform, rather than a
//     conversion error;
//   - numbers given for text are written out only when their text is
//     within the cap of a value: 1e9000 is six bytes in a file and nine
//     thousand as text, and a list of them grows as fast.
//
// f is returned as it is when no parameter needs either.
func (c caps) argsChecked(name string, f function.Function) function.Function {
	params, vp := f.Params(), f.VarParam()
	needs := func(p function.Parameter) bool { return noText(p.Type) || wantsText(p.Type) }
	wrap := vp != nil && needs(*vp)
	for _, p := range params {
		wrap = wrap || needs(p)
	}
	if !wrap {
		return f
	}
	loose := func(p function.Parameter) function.Parameter {
		if needs(p) {
			p.Type, p.AllowDynamicType = cty.DynamicPseudoType, true
		}
		return p
	}
	outer := make([]function.Parameter, len(params))
	for i, p := range params {
		outer[i] = loose(p)
	}
	var outerVar *function.Parameter
	if vp != nil {
		p := loose(*vp)
		outerVar = &p
	}
	// fix converts args as hclsyntax would have; holed is set when an
	// argument for a number or a bool holds text with holes. For the
	// return type, numbers too long to write out stand as unknown text,
	// and the call fails on them.
	fix := func(args []cty.Value, forType bool) (out []cty.Value, holed bool, err error) {
		out = make([]cty.Value, len(args))
		for i, a := range args {
			p := vp
			if i < len(params) {
				p = &params[i]
			}
			switch {
			case p == nil || !needs(*p) || a.Type().Equals(p.Type):
				out[i] = a
				continue
			case noText(p.Type) && containsHole(a):
				out[i], holed = cty.UnknownVal(p.Type), true
				continue
			case wantsText(p.Type) && holdsNumber(a.Type()):
				if err := c.numbersText(a); err != nil {
					if forType {
						out[i] = cty.UnknownVal(p.Type)
						continue
					}
					return nil, false, err
				}
			}
			v, cerr := convert.Convert(a, p.Type)
			if cerr != nil {
				return nil, false, function.NewArgError(i, cerr)
			}
			out[i] = v
		}
		return out, holed, nil
	}
	return function.New(&function.Spec{
		Params:   outer,
		VarParam: outerVar,
		Type: func(args []cty.Value) (cty.Type, error) {
			fixed, _, err := fix(args, true)
			if err != nil {
				return cty.NilType, err
			}
			return f.ReturnTypeForValues(fixed)
		},
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			fixed, holed, err := fix(args, false)
			if err != nil {
				return cty.NilVal, err
			}
			if holed {
				return unknownHoles(ret, name, args...), nil
			}
			return f.Call(fixed)
		},
	})
}

// holdsNumber reports whether a value of type ty may hold a number: only
// then is there a number to write out as text, and the value worth a walk.
func holdsNumber(ty cty.Type) bool {
	switch {
	case ty == cty.Number, ty == cty.DynamicPseudoType:
		return true
	case ty.IsCollectionType():
		return holdsNumber(ty.ElementType())
	case ty.IsObjectType():
		for _, at := range ty.AttributeTypes() {
			if holdsNumber(at) {
				return true
			}
		}
	case ty.IsTupleType():
		for _, et := range ty.TupleElementTypes() {
			if holdsNumber(et) {
				return true
			}
		}
	}
	return false
}

// templateFuncs are the functions that render templates: Terraform lets a
// template call neither.
var templateFuncs = []string{"templatefile", "templatestring"}

// inTemplate returns the function table of a template's expressions; the
// functions named in noFiles read files, which the template may not call.
func inTemplate(fns map[string]function.Function, noFiles []string) map[string]function.Function {
	refused := map[string]function.Function{}
	for _, name := range templateFuncs {
		refused[name] = refusedFunc(fmt.Sprintf("cannot recursively call %s from inside another template function", name))
	}
	for _, name := range noFiles {
		refused[name] = refusedFunc(fmt.Sprintf("cannot use filesystem access functions like %s in templatestring templates; consider passing the function result as a template variable instead", name))
	}
	withCore(refused)
	out := maps.Clone(fns)
	maps.Copy(out, refused)
	return out
}

// refusedFunc is a function that fails with msg, whatever its arguments.
func refusedFunc(msg string) function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType,
			AllowUnknown: true, AllowNull: true, AllowDynamicType: true, AllowMarked: true},
		Type: func([]cty.Value) (cty.Type, error) { return cty.NilType, fmt.Errorf("%s", msg) },
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) { return cty.NilVal, fmt.Errorf("%s", msg) },
	})
}

// guard wraps a function that reads the text of its arguments: with a hole
// anywhere in them the answer depends on the hole, so it is unknown.
func guard(name string, f function.Function) function.Function {
	return function.New(&function.Spec{
		Params:   f.Params(),
		VarParam: f.VarParam(),
		Type:     f.ReturnTypeForValues,
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			for _, a := range args {
				if containsHole(a) {
					return unknownHoles(ret, name, args...), nil
				}
			}
			return f.Call(args)
		},
	})
}

// unknownFunc is a function whose result is never known before the plan,
// for the reason why; it still checks its arguments as Terraform does.
func unknownFunc(params []function.Parameter, ret cty.Type, why string) function.Function {
	return function.New(&function.Spec{
		Params: params,
		Type:   function.StaticReturnType(ret),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return unknownBecause(ret, why), nil
		},
	})
}

// removedFunc is a function Terraform removed, which fails as it does.
func removedFunc(msg string) function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "vals", Type: cty.DynamicPseudoType,
			AllowUnknown: true, AllowDynamicType: true, AllowNull: true},
		Type: func([]cty.Value) (cty.Type, error) { return cty.DynamicPseudoType, fmt.Errorf("%s", msg) },
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) { return cty.DynamicVal, fmt.Errorf("%s", msg) },
	})
}

// str is a parameter of type string.
func str(name string) function.Parameter { return function.Parameter{Name: name, Type: cty.String} }

// num is a parameter of type number.
func num(name string) function.Parameter { return function.Parameter{Name: name, Type: cty.Number} }
