package labels_test

import (
	"fmt"

	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func ExampleParse() {
	sel, err := labels.Parse("tier in (web, api), app=shop, !canary")
	if err != nil {
		panic(err)
	}
	fmt.Println(sel.String())
	fmt.Println(sel.Matches(labels.Set{"app": "shop", "tier": "web"}))
	fmt.Println(sel.Matches(labels.Set{"app": "shop", "tier": "web", "canary": "true"}))

	_, err = labels.Parse("app=shop=web")
	fmt.Println(err)
	// Output:
	// app=shop,!canary,tier in (api,web)
	// true
	// false
	// found '=', expected: ',' or 'end of string'
}

func ExampleFromLabelSelector() {
	ps := &meta.LabelSelector{
		MatchLabels: map[string]string{"app": "nginx"},
		MatchExpressions: []meta.LabelSelectorRequirement{
			{Key: "tier", Operator: meta.LabelSelectorOpIn, Values: []string{"b", "a"}},
		},
	}
	sel, err := labels.FromLabelSelector(ps)
	if err != nil {
		panic(err)
	}
	fmt.Println(sel.Matches(labels.Set{"app": "nginx", "tier": "a"}))
	fmt.Println(labels.FormatLabelSelector(ps))
	fmt.Println(labels.FormatLabelSelector(nil))
	// Output:
	// true
	// app=nginx,tier in (a,b)
	// <none>
}

func ExampleSelectorFromSet() {
	sel := labels.SelectorFromSet(labels.Set{"app": "web", "env": "prod"})
	fmt.Println(sel)
	fmt.Println(labels.Set{"b": "2", "a": "1"})
	// Output:
	// app=web,env=prod
	// a=1,b=2
}

func ExampleMerge() {
	a := labels.Set{"app": "web", "tier": "front"}
	b := labels.Set{"tier": "back"}
	fmt.Println(labels.Conflicts(a, b), labels.Merge(a, b))
	// Output: true app=web,tier=back
}
