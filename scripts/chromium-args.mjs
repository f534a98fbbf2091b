/**
 * Chromium flags. PLAIN_CHROMIUM_ARGS: headless Chromium as it runs on a machine without a GPU
 * (software compositing; no WebGPU; WebGL not offered). GPU_EMULATION_ARGS, verified in
 * ../shared/ENVIRONMENT.md, add WebGPU and WebGL on SwiftShader, which the tests and the
 * benchmark's backend rows need; they also move the page's compositing onto SwiftShader GL,
 * emulated on the same CPU cores the training uses.
 */
export const PLAIN_CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const GPU_EMULATION_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** The flags of the tests, the screenshots and the benchmark: WebGPU and WebGL on SwiftShader, no network chatter. */
export const CHROMIUM_ARGS = [...PLAIN_CHROMIUM_ARGS, ...GPU_EMULATION_ARGS];
