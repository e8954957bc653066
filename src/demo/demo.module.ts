import type { Module } from '../module.js';
import { demoRoutes } from './demo.routes.js';

export const demoModule: Module = {
  name: 'demo',
  routes: [{ prefix: '/v1/demo', plugin: demoRoutes }],
};
