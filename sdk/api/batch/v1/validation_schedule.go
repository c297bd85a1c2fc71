package v1

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ValidateSchedule checks a CronJob schedule exactly as
// github.com/robfig/cron/v3's ParseStandard parses it (which is what the
// Kubernetes API server and CronJob controller use), and returns an error
// with robfig's message when it would not parse:
//
//   - five space-separated fields: minute (0-59), hour (0-23), day of month
//     (1-31), month (1-12 or jan-dec) and day of week (0-6 or sun-sat);
//     each a comma-separated list of "*" or "?", a value, a range "a-b",
//     each optionally with a step "/n" ("N/n" means "N-max/n");
//   - or a descriptor: @yearly, @annually, @monthly, @weekly, @daily,
//     @midnight, @hourly, or "@every <Go duration>";
//   - optionally prefixed by "TZ=<zone> " or "CRON_TZ=<zone> " (which
//     CronJob validation then rejects in favour of spec.timeZone).
//
// The package does not depend on robfig/cron so that sdk/api stays free of
// third-party dependencies; the CronJob controller uses it to compute
// run times.
func ValidateSchedule(spec string) error {
	if len(spec) == 0 {
		return fmt.Errorf("empty spec string")
	}
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		i := strings.Index(spec, " ")
		eq := strings.Index(spec, "=")
		if i < 0 {
			// robfig slices past the end here and panics; report the zone as bad.
			return fmt.Errorf("provided bad location %s: %v", spec[eq+1:], "missing schedule after the time zone")
		}
		if _, err := time.LoadLocation(spec[eq+1 : i]); err != nil {
			return fmt.Errorf("provided bad location %s: %v", spec[eq+1:i], err)
		}
		spec = strings.TrimSpace(spec[i:])
	}
	if strings.HasPrefix(spec, "@") {
		return validateDescriptor(spec)
	}
	fields := strings.Fields(spec)
	if len(fields) != 5 {
		return fmt.Errorf("expected exactly %d fields, found %d: %s", 5, len(fields), fields)
	}
	for i, b := range cronBounds {
		if err := validateCronField(fields[i], b); err != nil {
			return err
		}
	}
	return nil
}

func validateDescriptor(d string) error {
	switch d {
	case "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly":
		return nil
	}
	const every = "@every "
	if strings.HasPrefix(d, every) {
		if _, err := time.ParseDuration(d[len(every):]); err != nil {
			return fmt.Errorf("failed to parse duration %s: %s", d, err)
		}
		return nil
	}
	return fmt.Errorf("unrecognized descriptor: %s", d)
}

type cronBound struct {
	min, max uint
	names    map[string]uint
}

var cronBounds = [5]cronBound{
	{0, 59, nil}, // minute
	{0, 23, nil}, // hour
	{1, 31, nil}, // day of month
	{1, 12, map[string]uint{
		"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
		"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
	}},
	{0, 6, map[string]uint{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}},
}

func validateCronField(f string, b cronBound) error {
	for _, expr := range strings.FieldsFunc(f, func(r rune) bool { return r == ',' }) {
		if err := validateCronRange(expr, b); err != nil {
			return err
		}
	}
	return nil
}

func validateCronRange(expr string, b cronBound) error {
	var (
		start, end, step uint
		rangeAndStep     = strings.Split(expr, "/")
		lowAndHigh       = strings.Split(rangeAndStep[0], "-")
		singleDigit      = len(lowAndHigh) == 1
		err              error
	)
	if lowAndHigh[0] == "*" || lowAndHigh[0] == "?" {
		start, end = b.min, b.max
	} else {
		if start, err = parseCronIntOrName(lowAndHigh[0], b.names); err != nil {
			return err
		}
		switch len(lowAndHigh) {
		case 1:
			end = start
		case 2:
			if end, err = parseCronIntOrName(lowAndHigh[1], b.names); err != nil {
				return err
			}
		default:
			return fmt.Errorf("too many hyphens: %s", expr)
		}
	}
	switch len(rangeAndStep) {
	case 1:
		step = 1
	case 2:
		if step, err = parseCronInt(rangeAndStep[1]); err != nil {
			return err
		}
		if singleDigit { // "N/step" means "N-max/step"
			end = b.max
		}
	default:
		return fmt.Errorf("too many slashes: %s", expr)
	}
	if start < b.min {
		return fmt.Errorf("beginning of range (%d) below minimum (%d): %s", start, b.min, expr)
	}
	if end > b.max {
		return fmt.Errorf("end of range (%d) above maximum (%d): %s", end, b.max, expr)
	}
	if start > end {
		return fmt.Errorf("beginning of range (%d) beyond end of range (%d): %s", start, end, expr)
	}
	if step == 0 {
		return fmt.Errorf("step of range should be a positive number: %s", expr)
	}
	return nil
}

func parseCronIntOrName(expr string, names map[string]uint) (uint, error) {
	if names != nil {
		if n, ok := names[strings.ToLower(expr)]; ok {
			return n, nil
		}
	}
	return parseCronInt(expr)
}

func parseCronInt(expr string) (uint, error) {
	n, err := strconv.Atoi(expr)
	if err != nil {
		return 0, fmt.Errorf("failed to parse int from %s: %s", expr, err)
	}
	if n < 0 {
		return 0, fmt.Errorf("negative number (%d) not allowed: %s", n, expr)
	}
	return uint(n), nil
}
