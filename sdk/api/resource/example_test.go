package resource_test

import (
	"encoding/json"
	"fmt"

	"github.com/gantryhq/gantry/sdk/api/resource"
)

func ExampleParseQuantity() {
	for _, s := range []string{"0.1", "1.5", "1000m", "1.5Gi", "1024Mi", "2e3", "1E"} {
		q, err := resource.ParseQuantity(s)
		if err != nil {
			panic(err)
		}
		fmt.Println(s, "->", q.String())
	}
	_, err := resource.ParseQuantity("1.5 Gi")
	fmt.Println(err)
	// Output:
	// 0.1 -> 100m
	// 1.5 -> 1500m
	// 1000m -> 1
	// 1.5Gi -> 1536Mi
	// 1024Mi -> 1Gi
	// 2e3 -> 2e3
	// 1E -> 1E
	// quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'
}

func ExampleQuantity_Add() {
	total := resource.MustParse("0")
	for _, r := range []string{"100m", "250m", "1"} {
		total.Add(resource.MustParse(r))
	}
	alloc := resource.MustParse("2")
	fmt.Println(total.String(), total.MilliValue(), total.Cmp(alloc) <= 0)
	// Output: 1350m 1350 true
}

func ExampleQuantity_UnmarshalJSON() {
	var limits map[string]resource.Quantity
	if err := json.Unmarshal([]byte(`{"cpu": 2, "memory": "1.5Gi"}`), &limits); err != nil {
		panic(err)
	}
	mem := limits["memory"]
	fmt.Println(mem.Value())
	out, _ := json.Marshal(limits)
	fmt.Println(string(out))
	// Output:
	// 1610612736
	// {"cpu":"2","memory":"1536Mi"}
}

func ExampleNewMilliQuantity() {
	fmt.Println(resource.NewMilliQuantity(1500, resource.DecimalSI))
	fmt.Println(resource.NewQuantity(3<<30, resource.BinarySI))
	// Output:
	// 1500m
	// 3Gi
}
