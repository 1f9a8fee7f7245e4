#!/usr/bin/env node
// npm create go-handoff@latest [dir] [-- --template json]: a new project.
import { main } from './scaffold.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`create-go-handoff: ${error.message}`);
    process.exit(1);
  },
);
