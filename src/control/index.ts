/** The transport-free control layer shared by Electron main and the headless CLI. */
export { createController, type Controller, type ControllerOptions, type ControllerStatus, type ServerFactory } from './controller.js';
export { createEventBatcher, type BatchSource, type BatcherOptions, type EventBatcher } from './batcher.js';
export { describeStartError, settingsToOptions } from './core-options.js';
export { lanAddresses, type LanAddressInput } from './lan.js';
export { createFileSettingsStore, createMemorySettingsStore, type LoadedSettings, type SettingsStore } from './settings-store.js';
export { emptyStats } from '../core/stats.js';
