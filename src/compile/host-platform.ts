// The platform the build runs on, as `<platform>-<arch>` (darwin-arm64,
// linux-x64). Only messages depend on it: the build makes the same archive on
// every machine. GO_HANDOFF_HOST_PLATFORM pretends to be another machine, so
// that tests can hold the build to that on this one.
export const HOST_PLATFORM_OVERRIDE = 'GO_HANDOFF_HOST_PLATFORM';

export function hostPlatform(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform, arch: string = process.arch): string {
  return env[HOST_PLATFORM_OVERRIDE] || `${platform}-${arch}`;
}
