package v1

import "testing"

// The expected messages are those of github.com/robfig/cron/v3's
// ParseStandard, which Kubernetes' CronJob validation reports.
func TestValidateSchedule(t *testing.T) {
	tests := []struct {
		spec string
		want string // "" means valid
	}{
		{"* * * * *", ""},
		{"*/5 * * * *", ""},
		{"0 0 * * 0", ""},
		{"30 2 1,15 * *", ""},
		{"0 9-17/2 * * mon-fri", ""},
		{"0 0 1 JAN,jul ?", ""},
		{"5/15 * * * *", ""},
		{"0 0 31 2 *", ""}, // never fires, but parses
		{"@hourly", ""},
		{"@daily", ""},
		{"@midnight", ""},
		{"@weekly", ""},
		{"@monthly", ""},
		{"@yearly", ""},
		{"@annually", ""},
		{"@every 1h30m", ""},
		{"TZ=UTC 0 0 * * *", ""},
		{"CRON_TZ=Europe/Berlin 0 0 * * *", ""},
		{"", "empty spec string"},
		{"* * * *", "expected exactly 5 fields, found 4: [* * * *]"},
		{"0 * * * * *", "expected exactly 5 fields, found 6: [0 * * * * *]"},
		{"60 * * * *", "end of range (60) above maximum (59): 60"},
		{"* 24 * * *", "end of range (24) above maximum (23): 24"},
		{"* * 0 * *", "beginning of range (0) below minimum (1): 0"},
		{"* * * 13 *", "end of range (13) above maximum (12): 13"},
		{"* * * * 7", "end of range (7) above maximum (6): 7"},
		{"* * * * sunday", `failed to parse int from sunday: strconv.Atoi: parsing "sunday": invalid syntax`},
		{"5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"},
		{"1-2-3 * * * *", "too many hyphens: 1-2-3"},
		{"*/5/2 * * * *", "too many slashes: */5/2"},
		{"*/0 * * * *", "step of range should be a positive number: */0"},
		{"-1 * * * *", `failed to parse int from : strconv.Atoi: parsing "": invalid syntax`},
		{"*/-2 * * * *", "negative number (-2) not allowed: -2"},
		{"@fortnightly", "unrecognized descriptor: @fortnightly"},
		{"@every 5 minutes", `failed to parse duration @every 5 minutes: time: unknown unit " minutes" in duration "5 minutes"`},
		{"TZ=Mars/Olympus 0 0 * * *", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus"},
	}
	for _, tc := range tests {
		t.Run(tc.spec, func(t *testing.T) {
			err := ValidateSchedule(tc.spec)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("ValidateSchedule(%q) = %q, want %q", tc.spec, got, tc.want)
			}
		})
	}
}

func FuzzValidateSchedule(f *testing.F) {
	for _, s := range []string{"* * * * *", "@every 1m", "TZ=UTC 1-5/2 * * jan-mar *", "*/", "TZ="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		_ = ValidateSchedule(spec) // must not panic
	})
}
