// Variant (iv): the benchmarks' trivial function written in JavaScript, as a
// user would write it for functions-framework. Same answer as hello/main.go.
exports.hello = (req, res) => {
  res.set('Content-Type', 'text/plain; charset=utf-8').send('ok');
};
