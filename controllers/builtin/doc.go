// Package builtin registers Gantry's built-in controllers in a
// controllers.Registry. It is a package of its own because the controllers
// import package controllers, which therefore cannot import them.
package builtin
