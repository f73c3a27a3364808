/** Sandboxed preload (built as CommonJS): exposes the typed Bridge as window.switchboard, nothing else. */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../shared/ipc.js';
import { createElectronBridge } from './bridge.js';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createElectronBridge(ipcRenderer));
