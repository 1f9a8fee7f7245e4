// The Lambda Managed Instances benchmark's function in JavaScript, on
// Lambda's Node.js runtime (aws-lambda-ric): the same work as
// lambda-work/main.go, so that only the runtime differs.
const BURN_ROUNDS = 5_000_000;

function burn() {
  let x = 1;
  for (let i = 0; i < BURN_ROUNDS; i++) x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
  return x;
}

export const handler = async (event) => {
  if (event.work === 'burn') return { work: event.work, result: burn() };
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { work: event.work };
};
