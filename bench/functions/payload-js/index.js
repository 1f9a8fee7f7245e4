// The payload case in JavaScript, as a user would write it for
// functions-framework (which has already parsed the JSON body): the same
// summary as payload/main.go.
exports.summarize = (req, res) => {
  const items = req.body.items;
  let totalCents = 0;
  for (const item of items) totalCents += item.priceCents * item.quantity;
  res.json({ count: items.length, totalCents });
};
