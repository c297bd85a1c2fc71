package intstr_test

import (
	"encoding/json"
	"fmt"

	"github.com/gantryhq/gantry/sdk/api/intstr"
)

func ExampleGetScaledValueFromIntOrPercent() {
	surge := intstr.FromString("25%")
	n, err := intstr.GetScaledValueFromIntOrPercent(&surge, 10, true)
	fmt.Println(n, err)
	bad := intstr.FromString("25")
	_, err = intstr.GetScaledValueFromIntOrPercent(&bad, 10, true)
	fmt.Println(err)
	// Output:
	// 3 <nil>
	// invalid value for IntOrString: invalid type: string is not a percentage
}

func ExampleIntOrString_UnmarshalJSON() {
	var ports []intstr.IntOrString
	if err := json.Unmarshal([]byte(`[8080, "http"]`), &ports); err != nil {
		panic(err)
	}
	for _, p := range ports {
		fmt.Println(p.Type == intstr.Int, p.String())
	}
	out, _ := json.Marshal(ports)
	fmt.Println(string(out))
	// Output:
	// true 8080
	// false http
	// [8080,"http"]
}

func ExampleParse() {
	fmt.Println(intstr.Parse("80").Type == intstr.Int, intstr.Parse("http").Type == intstr.String)
	// Output: true true
}
