// @casl/vue's <Can>, registered globally; it reads the app's one ability.
export { Can as default } from '@casl/vue'
