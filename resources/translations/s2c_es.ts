<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../s2c_desktop/ui/about_dialog.py" line="+37"/>
        <source>user interface</source>
        <translation>interfaz de usuario</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>runs the colorization model</source>
        <translation>ejecuta el modelo de coloreado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>finds and aligns the face in a sketch</source>
        <translation>encuentra y alinea el rostro en un boceto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>charts and maps</source>
        <translation>gráficos y mapas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>image and number arrays</source>
        <translation>matrices de imágenes y números</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reads the statistics files</source>
        <translation>lee los archivos de estadísticas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reads and writes images</source>
        <translation>lee y escribe imágenes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>crime database (SQLite)</source>
        <translation>base de datos de delitos (SQLite)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>runtime</source>
        <translation>entorno de ejecución</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>departments, provinces and districts</source>
        <translation>departamentos, provincias y distritos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>map boundaries</source>
        <translation>límites de los mapas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>police reports by district</source>
        <translation>denuncias policiales por distrito</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no licence stated; provenance noted</source>
        <translation>sin licencia declarada; procedencia documentada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>example robbery statistics (Lima, 2016-2017)</source>
        <translation>estadísticas de robos de ejemplo (Lima, 2016-2017)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>About Sketch2Color</source>
        <translation>Acerca de Sketch2Color</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Forensic sketch colorization and crime statistics for Peru.</source>
        <translation>Coloreado de retratos hablados forenses y estadísticas de delitos del Perú.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A generated photo is an investigative aid, never evidence.</source>
        <translation>Una foto generada es una ayuda para la investigación, nunca una prueba.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Component</source>
        <translation>Componente</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Licence</source>
        <translation>Licencia</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Used for</source>
        <translation>Uso</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Open licences folder</source>
        <translation>Abrir la carpeta de licencias</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Full licence texts and notices of everything in this installation: {0}</source>
        <translation>Textos completos de las licencias y avisos de todo lo que contiene esta instalación: {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running from source: each installed package carries its licence; the installer gathers them all in its LICENSES folder.</source>
        <translation>Ejecución desde el código fuente: cada paquete instalado incluye su licencia; el instalador las reúne todas en su carpeta LICENSES.</translation>
    </message>
</context>
<context>
    <name>DrawingActions</name>
    <message>
        <source>Paper at {0}° · upright (5)</source>
        <translation>Papel a {0}° · enderezar (5)</translation>
    </message>
    <message>
        <source>The paper is turned on screen only; click to set it upright</source>
        <translation>El papel está girado solo en pantalla; haga clic para enderezarlo</translation>
    </message>
    <message>
        <source>Drawing &amp;help</source>
        <translation>&amp;Ayuda de dibujo</translation>
    </message>
    <message>
        <source>Shortcuts and how to draw, colorize and pick variants</source>
        <translation>Atajos y cómo dibujar, colorear y elegir variantes</translation>
    </message>
    <message>
        <source>&amp;Variants…</source>
        <translation>&amp;Variantes…</translation>
    </message>
    <message>
        <source>Nine variants of the face for the witness to pick from (V)</source>
        <translation>Nueve variantes del rostro para que el testigo elija (V)</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/actions.py" line="+150"/>
        <source>&amp;New case</source>
        <translation>&amp;Nuevo caso</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start an empty case</source>
        <translation>Empezar un caso vacío</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open case…</source>
        <translation>&amp;Abrir caso…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open a saved case folder</source>
        <translation>Abrir una carpeta de caso guardada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save case</source>
        <translation>&amp;Guardar caso</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the sketch, photo and case fields</source>
        <translation>Guardar el boceto, la foto y los datos del caso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save case &amp;as…</source>
        <translation>Guardar caso &amp;como…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open sketch &amp;PNG…</source>
        <translation>Abrir boceto &amp;PNG…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import scanned sketch…</source>
        <translation>&amp;Importar boceto escaneado…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fit a scan or a photo of a paper sketch into the face frame</source>
        <translation>Encuadrar un escaneo o una foto de un boceto en papel en el marco del rostro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save sketch as P&amp;NG…</source>
        <translation>Guardar boceto como P&amp;NG…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export &amp;photo (PNG)…</source>
        <translation>Exportar &amp;foto (PNG)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export case s&amp;heet (PDF/PNG)…</source>
        <translation>Exportar &amp;ficha del caso (PDF/PNG)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Colorize</source>
        <translation>&amp;Colorear</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Turn the sketch into a colour photo</source>
        <translation>Convertir el boceto en una foto a color</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Live mode</source>
        <translation>Modo en &amp;vivo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Update the photo after each stroke</source>
        <translation>Actualizar la foto después de cada trazo</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opacity</source>
        <translation>Opacidad</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>P&amp;rint case sheet…</source>
        <translation>Imp&amp;rimir hoja del caso…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Print the case sheet (sketch, colour hints, photo, fields)</source>
        <translation>Imprimir la hoja del caso (boceto, pistas de color, foto, datos)</translation>
    </message>
</context>
<context>
    <name>DrawingTab</name>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/tab.py" line="+136"/>
        <source>Autosave</source>
        <translation>Autoguardado</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Autosave is not available: {0}</source>
        <translation>El autoguardado no está disponible: {0}</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/photo_view.py" line="+131"/>
        <source>Colorize</source>
        <translation>Colorear</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turn the sketch into a colour photo (Ctrl+Enter)</source>
        <translation>Convertir el boceto en una foto a color (Ctrl+Intro)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Live</source>
        <translation>En vivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Update the photo by itself after each stroke</source>
        <translation>Actualizar la foto sola después de cada trazo</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/tab.py" line="+59"/>
        <source>New case</source>
        <translation>Caso nuevo</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The page is blank: draw or import a sketch first.</source>
        <translation>La hoja está en blanco: dibuje o importe un boceto primero.</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/model_status.py" line="+32"/>
        <source>Import failed</source>
        <translation>Falló la importación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colorize failed</source>
        <translation>Falló el coloreado</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Model {0} ready on {1}</source>
        <translation>Modelo {0} listo en {1}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The colorization model could not be loaded: {0}. Drawing still works; fix the model in Settings.</source>
        <translation>No se pudo cargar el modelo de coloreado: {0}. Se puede seguir dibujando; corrija el modelo en Configuración.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model not available</source>
        <translation>Modelo no disponible</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/file_dialogs.py" line="+130"/>
        <source>Replace the drawing?</source>
        <translation>¿Reemplazar el dibujo?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The imported scan replaces the current drawing, which is not saved (Undo brings it back). Replace it?</source>
        <translation>El escaneo importado reemplaza el dibujo actual, que no está guardado (Deshacer lo recupera). ¿Reemplazarlo?</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/tab.py" line="+44"/>
        <source>Importing {0}…</source>
        <translation>Importando {0}…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Imported {0}</source>
        <translation>{0} importado</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot open the sketch</source>
        <translation>No se puede abrir el boceto</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sketch saved to {0}</source>
        <translation>Boceto guardado en {0}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Cannot save the case</source>
        <translation>No se puede guardar el caso</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Case saved in {0}</source>
        <translation>Caso guardado en {0}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot open the case</source>
        <translation>No se puede abrir el caso</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Case {0} opened</source>
        <translation>Caso {0} abierto</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/file_dialogs.py" line="-12"/>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The current case has unsaved changes. Save them?</source>
        <translation>El caso actual tiene cambios sin guardar. ¿Guardarlos?</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/recovery.py" line="+64"/>
        <source>Autosave failed: {0}</source>
        <translation>Falló el autoguardado: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Autosave failed</source>
        <translation>Falló el autoguardado</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Restore unsaved work?</source>
        <translation>¿Recuperar el trabajo sin guardar?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sketch2Color did not close properly last time. Restore the unsaved work (case {0}, autosaved at {1})?</source>
        <translation>Sketch2Color no se cerró correctamente la última vez. ¿Recuperar el trabajo sin guardar (caso {0}, autoguardado a las {1})?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>without number</source>
        <translation>sin número</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Restore</source>
        <translation>Recuperar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/tab.py" line="+58"/>
        <source>Unsaved work restored</source>
        <translation>Trabajo sin guardar recuperado</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/outputs.py" line="+37"/>
        <source>Nothing to export</source>
        <translation>Nada que exportar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Colorize the sketch first.</source>
        <translation>Primero coloree el boceto.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+16"/>
        <source>Export failed</source>
        <translation>Falló la exportación</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>(no model)</source>
        <translation>(sin modelo)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Case sheet exported to {0}</source>
        <translation>Ficha del caso exportada a {0}</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/printing.py" line="+136"/>
        <source>Case sheet sent to {0}</source>
        <translation>Hoja del caso enviada a {0}</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Case {0}</source>
        <translation>Caso {0}</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/outputs.py" line="-16"/>
        <source>Photo exported to {0}</source>
        <translation>Foto exportada a {0}</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/printing.py" line="+5"/>
        <source>Print case sheet</source>
        <translation>Imprimir hoja del caso</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Print failed</source>
        <translation>No se pudo imprimir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The printer could not be started.</source>
        <translation>No se pudo iniciar la impresora.</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/file_dialogs.py" line="-70"/>
        <source>-sheet</source>
        <translation>-ficha</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>-photo</source>
        <translation>-foto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>-sketch</source>
        <translation>-boceto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>case</source>
        <translation>caso</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Save case as folder</source>
        <translation>Guardar el caso como carpeta</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open case folder</source>
        <translation>Abrir carpeta de caso</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open sketch</source>
        <translation>Abrir boceto</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import scanned sketch</source>
        <translation>Importar boceto escaneado</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save sketch</source>
        <translation>Guardar boceto</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export photo</source>
        <translation>Exportar foto</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export case sheet</source>
        <translation>Exportar ficha del caso</translation>
    </message>
</context>
<context>
    <name>CasePanel</name>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/case_panel.py" line="+75"/>
        <source>Case</source>
        <translation>Caso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case &amp;number:</source>
        <translation>&amp;Número de caso:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Artist:</source>
        <translation>&amp;Dibujante:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Date:</source>
        <translation>&amp;Fecha:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Witness notes:</source>
        <translation>Notas del &amp;testigo:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. 2024-0153</source>
        <translation>p. ej. 2024-0153</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of the sketch artist</source>
        <translation>Nombre del dibujante</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description given by the witness…</source>
        <translation>Descripción dada por el testigo…</translation>
    </message>
</context>
<context>
    <name>ChartWidget</name>
    <message>
        <location line="+2"/>
        <source>Reset the original view</source>
        <translation>Restablecer la vista original</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Back to the previous view</source>
        <translation>Volver a la vista anterior</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forward to the next view</source>
        <translation>Avanzar a la vista siguiente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pan with the left button, zoom with the right</source>
        <translation>Desplazar con el botón izquierdo, acercar con el derecho</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom to a rectangle</source>
        <translation>Acercar a un rectángulo</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Could not draw this chart: {0}</source>
        <translation>No se pudo dibujar este gráfico: {0}</translation>
    </message>
    <message>
        <location line="+51"/>
        <location line="+9"/>
        <source>Export chart</source>
        <translation>Exportar gráfico</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Could not export the chart: {0}</source>
        <translation>No se pudo exportar el gráfico: {0}</translation>
    </message>
    <message>
        <source>Export PNG/SVG/PDF…</source>
        <translation>Exportar PNG/SVG/PDF…</translation>
    </message>
    <message>
        <source>Export the chart at print size (PNG, SVG or PDF)</source>
        <translation>Exportar el gráfico a tamaño de impresión (PNG, SVG o PDF)</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)</source>
        <translation>Imagen PNG (*.png);;Imagen SVG (*.svg);;Documento PDF (*.pdf)</translation>
    </message>
    <message>
        <source>chart_{0}</source>
        <translation>grafico_{0}</translation>
    </message>
</context>
<context>
    <name>DistrictChart</name>
    <message>
        <location line="+15"/>
        <source>District:</source>
        <translation>Distrito:</translation>
    </message>
</context>
<context>
    <name>HintPalette</name>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/hint_palette.py" line="+35"/>
        <source>Black hair</source>
        <translation>Cabello negro</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Blond hair</source>
        <translation>Cabello rubio</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Blue eyes</source>
        <translation>Ojos azules</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Brown eyes</source>
        <translation>Ojos marrones</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Brown hair</source>
        <translation>Cabello castaño</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Colour {0}</source>
        <translation>Color {0}</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Dark brown eyes</source>
        <translation>Ojos marrón oscuro</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Dark brown hair</source>
        <translation>Cabello castaño oscuro</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Eyes</source>
        <translation>Ojos</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Green eyes</source>
        <translation>Ojos verdes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Grey eyes</source>
        <translation>Ojos grises</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Grey hair</source>
        <translation>Cabello canoso</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Hair</source>
        <translation>Cabello</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Hazel eyes</source>
        <translation>Ojos avellana</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Light brown hair</source>
        <translation>Cabello castaño claro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Red hair</source>
        <translation>Cabello pelirrojo</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Skin</source>
        <translation>Piel</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Skin, Monk tone {0}</source>
        <translation>Piel, tono Monk {0}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>White hair</source>
        <translation>Cabello blanco</translation>
    </message>
</context>
<context>
    <name>HintToolbar</name>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/hint_toolbar.py" line="+99"/>
        <source>Colour hint</source>
        <translation>Pista de color</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Colour hints need a colorization model; none is loaded yet.</source>
        <translation>Las pistas de color necesitan un modelo de coloreado; todavía no hay ninguno cargado.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Colour hints:</source>
        <translation>Pistas de color:</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Colour in use: {0}. Click to choose any colour.</source>
        <translation>Color en uso: {0}. Haga clic para elegir cualquier color.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Dot</source>
        <translation>Punto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hint dot size in pixels of the sketch</source>
        <translation>Tamaño del punto de color, en píxeles del boceto</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>The model {0} takes no colour hints: it has no &apos;hints&apos; input. Hints work with a model trained for them (generator v3 or newer).</source>
        <translation>El modelo {0} no admite pistas de color: no tiene la entrada &apos;hints&apos;. Las pistas funcionan con un modelo entrenado para ellas (generador v3 o posterior).</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The witness&apos;s colours for skin, hair and eyes, as small dots the model follows</source>
        <translation>Los colores que da el testigo para piel, cabello y ojos, como pequeños puntos que el modelo sigue</translation>
    </message>
</context>
<context>
    <name>ImportsPanel</name>
    <message>
        <location filename="../../s2c_desktop/ui/stats/imports_panel.py" line="+60"/>
        <source>Imports (each one a single transaction; the same file twice adds nothing):</source>
        <translation>Importaciones (cada una en una sola transacción; el mismo archivo dos veces no añade nada):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows of the selected import that could not be loaded, with the reason:</source>
        <translation>Filas de la importación seleccionada que no se pudieron cargar, con el motivo:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Source</source>
        <translation>Fuente</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Read</source>
        <translation>Leídas</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Loaded</source>
        <translation>Cargadas</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicates</source>
        <translation>Duplicadas</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rejected</source>
        <translation>Rechazadas</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Repairs</source>
        <translation>Reparaciones</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Row</source>
        <translation>Fila</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Values</source>
        <translation>Valores</translation>
    </message>
    <message>
        <source>Geography (UBIGEO)</source>
        <translation>Geografía (UBIGEO)</translation>
    </message>
    <message>
        <source>Police reports (DataCrim, INEI)</source>
        <translation>Denuncias policiales (DataCrim, INEI)</translation>
    </message>
    <message>
        <source>Police reports (SIDPOL)</source>
        <translation>Denuncias policiales (SIDPOL)</translation>
    </message>
    <message>
        <source>Press robberies (Data Criminal)</source>
        <translation>Robos en la prensa (Data Criminal)</translation>
    </message>
    <message>
        <source>Robbery types</source>
        <translation>Tipos de robo</translation>
    </message>
</context>
<context>
    <name>LevelChart</name>
    <message>
        <location filename="../../s2c_desktop/ui/stats/chart_widgets.py" line="+29"/>
        <source>Level:</source>
        <translation>Nivel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generic crime</source>
        <translation>Delito genérico</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Specific crime</source>
        <translation>Delito específico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modality</source>
        <translation>Modalidad</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Verify image…</source>
        <translation>&amp;Verificar imagen…</translation>
    </message>
    <message>
        <source>Tell whether photos were generated by Sketch2Color</source>
        <translation>Comprobar si unas fotos fueron generadas por Sketch2Color</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/main_window.py" line="+149"/>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Drawing</source>
        <translation>Dibujo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Statistics</source>
        <translation>Estadísticas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Recent cases</source>
        <translation>Casos &amp;recientes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Colorize</source>
        <translation>&amp;Colorear</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Configuración…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the &amp;log folder</source>
        <translation>Abrir la carpeta de &amp;registros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Sketch2Color</source>
        <translation>&amp;Acerca de Sketch2Color</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The statistics tab could not be loaded. The drawing tab works normally. Details:</source>
        <translation>No se pudo cargar la pestaña de estadísticas. La pestaña de dibujo funciona con normalidad. Detalles:</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>not available</source>
        <translation>no disponible</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>loading…</source>
        <translation>cargando…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device: {0}</source>
        <translation>Dispositivo: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last: {0}</source>
        <translation>Última: {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model: {0}</source>
        <translation>Modelo: {0}</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cannot save the settings: {0}</source>
        <translation>No se puede guardar la configuración: {0}</translation>
    </message>
</context>
<context>
    <name>MapChart</name>
    <message>
        <location filename="../../s2c_desktop/ui/stats/map_chart.py" line="+46"/>
        <source>Year:</source>
        <translation>Año:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crime:</source>
        <translation>Delito:</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+11"/>
        <source>All crimes</source>
        <translation>Todos los delitos</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Area:</source>
        <translation>Zona:</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+17"/>
        <source>Lima and Callao</source>
        <translation>Lima y Callao</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>partial year</source>
        <translation>año parcial</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Point at a region to see its name and count.</source>
        <translation>Señale una región para ver su nombre y su cifra.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{0}: no data</source>
        <translation>{0}: sin datos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}: 1 report</source>
        <translation>{0}: 1 denuncia</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}: {1} reports</source>
        <translation>{0}: {1} denuncias</translation>
    </message>
</context>
<context>
    <name>PhotoView</name>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/photo_view.py" line="-92"/>
        <source>The colorized photo appears here.
Press “Colorize” or turn on live mode.</source>
        <translation>Aquí aparece la foto coloreada.
Pulse «Colorear» o active el modo en vivo.</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../s2c_desktop/ui/qt_strings.py" line="+12"/>
        <source>&amp;Look in:</source>
        <translation>&amp;Buscar en:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files of &amp;type:</source>
        <translation>&amp;Tipo de archivo:</translation>
    </message>
</context>
<context>
    <name>QueryPanel</name>
    <message>
        <location filename="../../s2c_desktop/ui/stats/query_panel.py" line="+146"/>
        <source>1. Robbery types with description and number of incidents</source>
        <translation>1. Tipos de robo con descripción y número de incidencias</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>3. Robberies where the ages of victim and offender are known</source>
        <translation>3. Robos con edad conocida de víctima y agresor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>4. Modality and district with the most reports in a year</source>
        <translation>4. Modalidad y distrito con más denuncias en un año</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>5. Districts by reports in a year</source>
        <translation>5. Distritos según denuncias en un año</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>6. Robberies per quarter and year</source>
        <translation>6. Robos por trimestre y año</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>7. Modality and district with the fewest reports in a year</source>
        <translation>7. Modalidad y distrito con menos denuncias en un año</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>8. Average reports per district (per year)</source>
        <translation>8. Promedio de denuncias por distrito (por año)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>9. Robberies per weapon type</source>
        <translation>9. Robos por tipo de arma</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>10. Average reports per generic crime (per year)</source>
        <translation>10. Promedio de denuncias por delito genérico (por año)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Robbery type</source>
        <translation>Tipo de robo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incidents</source>
        <translation>Incidencias</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>District</source>
        <translation>Distrito</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Province</source>
        <translation>Provincia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Robberies</source>
        <translation>Robos</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Victim&apos;s age</source>
        <translation>Edad de la víctima</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offender&apos;s age</source>
        <translation>Edad del agresor</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Headline</source>
        <translation>Titular</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Year</source>
        <translation>Año</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modality</source>
        <translation>Modalidad</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Specific crime</source>
        <translation>Delito específico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generic crime</source>
        <translation>Delito genérico</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Department</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reports</source>
        <translation>Denuncias</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>UBIGEO</source>
        <translation>UBIGEO</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quarter</source>
        <translation>Trimestre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total reports</source>
        <translation>Total de denuncias</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Years</source>
        <translation>Años</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average per year</source>
        <translation>Promedio por año</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Weapon</source>
        <translation>Arma</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Year (queries 4, 5, 7):</source>
        <translation>Año (consultas 4, 5, 7):</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>2. Robberies per district of Lima and Callao</source>
        <translation>2. Robos por distrito de Lima y Callao</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>latest complete year</source>
        <translation>último año completo</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>{0} (partial)</source>
        <translation>{0} (parcial)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{0} rows</source>
        <translation>{0} filas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>source: {0}</source>
        <translation>fuente: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>year: {0}</source>
        <translation>año: {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no data: import the datasets or update from DataCrim</source>
        <translation>sin datos: importe los conjuntos de datos o actualice desde DataCrim</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+9"/>
        <source>Export table</source>
        <translation>Exportar tabla</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>CSV file (*.csv)</source>
        <translation>Archivo CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not export the table: {0}</source>
        <translation>No se pudo exportar la tabla: {0}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../s2c_desktop/ui/settings_dialog.py" line="+109"/>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compute device:</source>
        <translation>Dispositivo de cálculo:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model file:</source>
        <translation>Archivo del modelo:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Live mode: wait between runs</source>
        <translation>Modo en vivo: espera entre ejecuciones</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Autosave after idle:</source>
        <translation>Autoguardar tras inactividad:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Datasets folder:</source>
        <translation>Carpeta de datos:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the face guide</source>
        <translation>Mostrar la guía del rostro</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(the model shipped with the program)</source>
        <translation>(el modelo incluido con el programa)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(found automatically)</source>
        <translation>(se encuentra automáticamente)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic (GPU if available)</source>
        <translation>Automático (GPU si hay)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Changes apply when you press OK; the language changes without restarting.</source>
        <translation>Los cambios se aplican al pulsar Aceptar; el idioma cambia sin reiniciar.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose the model</source>
        <translation>Elegir el modelo</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>1 = linear. Below 1: a light hand reaches the full width sooner (soft pen). Above 1: full width needs a firm press (hard pen).</source>
        <translation>1 = lineal. Menos de 1: una mano ligera llega antes al grosor completo (lápiz blando). Más de 1: el grosor completo requiere apretar (lápiz duro).</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Line width at the lightest pen pressure, as a share of the brush size (100 %: pressure does not change the width)</source>
        <translation>Grosor de la línea con la presión más leve, como parte del tamaño del pincel (100 %: la presión no cambia el grosor)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Pen: pressure curve:</source>
        <translation>Lápiz: curva de presión:</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Pen: width at the lightest touch:</source>
        <translation>Lápiz: grosor con el toque más leve:</translation>
    </message>
</context>
<context>
    <name>SketchCanvas</name>
    <message>
        <source>&amp;Symmetry</source>
        <translation>&amp;Simetría</translation>
    </message>
    <message>
        <source>Mirror each stroke across the face guide's centre line</source>
        <translation>Reflejar cada trazo sobre la línea central de la guía del rostro</translation>
    </message>
    <message>
        <source>Rotate &amp;Left</source>
        <translation>Girar a la i&amp;zquierda</translation>
    </message>
    <message>
        <source>Turn the paper on screen 15° anticlockwise (the sketch itself does not change)</source>
        <translation>Girar el papel en pantalla 15° en sentido antihorario (el boceto no cambia)</translation>
    </message>
    <message>
        <source>Rotate &amp;Right</source>
        <translation>Girar a la &amp;derecha</translation>
    </message>
    <message>
        <source>Turn the paper on screen 15° clockwise (the sketch itself does not change)</source>
        <translation>Girar el papel en pantalla 15° en sentido horario (el boceto no cambia)</translation>
    </message>
    <message>
        <source>Reset Ro&amp;tation</source>
        <translation>&amp;Enderezar el papel</translation>
    </message>
    <message>
        <source>Show the paper upright again</source>
        <translation>Volver a mostrar el papel derecho</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/canvas/canvas_widget.py" line="+225"/>
        <source>Clear</source>
        <translation>Borrar todo</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Load sketch</source>
        <translation>Cargar boceto</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/canvas/texts.py" line="+15"/>
        <source>&amp;Pencil</source>
        <translation>&amp;Lápiz</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Draw with the pencil (pressure-sensitive)</source>
        <translation>Dibujar con el lápiz (sensible a la presión)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Eraser</source>
        <translation>&amp;Borrador</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Erase back to white paper</source>
        <translation>Borrar hasta el papel blanco</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;often</source>
        <translation>&amp;Difuminar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Blur lines into soft shading</source>
        <translation>Suavizar las líneas en un sombreado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;mudge</source>
        <translation>&amp;Esfumar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Drag graphite along the stroke</source>
        <translation>Arrastrar el grafito a lo largo del trazo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Smaller Brush</source>
        <translation>Pincel más pequeño</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Make the brush smaller</source>
        <translation>Reducir el pincel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Larger Brush</source>
        <translation>Pincel más grande</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Make the brush larger</source>
        <translation>Agrandar el pincel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>&amp;Deshacer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Undo the last change</source>
        <translation>Deshacer el último cambio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo</source>
        <translation>&amp;Rehacer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Redo the last undone change</source>
        <translation>Rehacer el último cambio deshecho</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;lear Sketch</source>
        <translation>&amp;Limpiar boceto</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wipe the whole sketch (can be undone)</source>
        <translation>Borrar todo el boceto (se puede deshacer)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom &amp;In</source>
        <translation>&amp;Acercar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Magnify the sketch</source>
        <translation>Ampliar el boceto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom &amp;Out</source>
        <translation>A&amp;lejar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show more of the sketch</source>
        <translation>Ver más del boceto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Fit to Window</source>
        <translation>&amp;Ajustar a la ventana</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show the whole sheet</source>
        <translation>Ver la hoja completa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Face &amp;Guide</source>
        <translation>&amp;Guía del rostro</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show where eyes, nose and mouth sit for the model</source>
        <translation>Mostrar dónde van los ojos, la nariz y la boca para el modelo</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Pencil stroke</source>
        <translation>trazo de lápiz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Eraser stroke</source>
        <translation>trazo de borrador</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Soften</source>
        <translation>difuminado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Smudge</source>
        <translation>esfumado</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>C&amp;olour Hint</source>
        <translation>Pista de c&amp;olor</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clear Colour Hints</source>
        <translation>Borrar pistas de color</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/canvas/canvas_widget.py" line="+13"/>
        <source>Clear colour hints</source>
        <translation>Borrar pistas de color</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/canvas/texts.py" line="+11"/>
        <source>Colour hint</source>
        <translation>Pista de color</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>E&amp;yedropper</source>
        <translation>&amp;Cuentagotas</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Erase &amp;Hint</source>
        <translation>Borrar &amp;pista</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Erase colour hint</source>
        <translation>Borrar pista de color</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Paint the witness&apos;s colours (skin, hair, eyes) as small dots on their own layer; the sketch is untouched</source>
        <translation>Pintar los colores del testigo (piel, cabello, ojos) como pequeños puntos en su propia capa; el boceto no cambia</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pick a colour from a hint or from the photo</source>
        <translation>Tomar un color de una pista o de la foto</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Remove colour hints under the brush</source>
        <translation>Quitar las pistas de color bajo el pincel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove every colour hint (can be undone)</source>
        <translation>Quitar todas las pistas de color (se puede deshacer)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Show Colour &amp;Hints</source>
        <translation>Mostrar pistas de &amp;color</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show or hide the colour hints on the sketch (hidden hints still colour the photo)</source>
        <translation>Mostrar u ocultar las pistas de color sobre el boceto (ocultas, siguen coloreando la foto)</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Sketch2Color cannot start</source>
        <translation>Sketch2Color no puede iniciarse</translation>
    </message>
    <message>
        <source>The folder for Sketch2Color&apos;s files cannot be used:</source>
        <translation>No se puede usar la carpeta para los archivos de Sketch2Color:</translation>
    </message>
</context>
<context>
    <name>StatsActions</name>
    <message>
        <location filename="../../s2c_desktop/ui/stats/actions.py" line="36"/>
        <source>Import file…</source>
        <translation>Importar archivo…</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/stats/actions.py" line="37"/>
        <source>Update from DataCrim</source>
        <translation>Actualizar desde DataCrim</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/stats/actions.py" line="38"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>StatsTab</name>
    <message>
        <location filename="../../s2c_desktop/ui/stats/tab.py" line="+336"/>
        <source>Cancelled; the database is unchanged.</source>
        <translation>Cancelado; la base de datos no cambió.</translation>
    </message>
    <message>
        <location line="-184"/>
        <source>Automatic</source>
        <translation>Automático</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Both (may double count)</source>
        <translation>Ambas (puede contar dos veces)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Source of the police report counts</source>
        <translation>Fuente de los conteos de denuncias policiales</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Police reports:</source>
        <translation>Denuncias policiales:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1. Robberies per district of Lima and Callao</source>
        <translation>1. Robos por distrito de Lima y Callao</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>4. Reports per district</source>
        <translation>4. Denuncias por distrito</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Loading the crime statistics…</source>
        <translation>Cargando las estadísticas de criminalidad…</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>2. Victims&apos; age groups</source>
        <translation>2. Grupos de edad de las víctimas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3. Robberies per type in a district</source>
        <translation>3. Robos por tipo en un distrito</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>5. Reports per year by province</source>
        <translation>5. Denuncias por año según provincia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>6. Occupations most affected</source>
        <translation>6. Ocupaciones más afectadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>7. Robbery types</source>
        <translation>7. Tipos de robo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>8. Department, province, district</source>
        <translation>8. Departamento, provincia, distrito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>9. Reports by crime level</source>
        <translation>9. Denuncias por nivel de delito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>10. Generic crime per year</source>
        <translation>10. Delito genérico por año</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>11. Map: departments of Peru</source>
        <translation>11. Mapa: departamentos del Perú</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>12. Map: districts of a department</source>
        <translation>12. Mapa: distritos de un departamento</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Charts</source>
        <translation>Gráficos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queries</source>
        <translation>Consultas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Imports</source>
        <translation>Importaciones</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Cannot open the crime database: {0}</source>
        <translation>No se puede abrir la base de datos de criminalidad: {0}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Building the crime database from the datasets…</source>
        <translation>Creando la base de datos de criminalidad a partir de los datos…</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Updating the crime database to this version…</source>
        <translation>Actualizando la base de datos de criminalidad a esta versión…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No crime database is open.</source>
        <translation>No hay ninguna base de datos de criminalidad abierta.</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Another import is still running.</source>
        <translation>Otra importación sigue en curso.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Importing…</source>
        <translation>Importando…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Downloading DataCrim…</source>
        <translation>Descargando DataCrim…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Import crime data</source>
        <translation>Importar datos de criminalidad</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Crime data (*.xlsx *.csv);;All files (*)</source>
        <translation>Datos de criminalidad (*.xlsx *.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Done.</source>
        <translation>Listo.</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/stats/texts.py" line="+27"/>
        <source>Police reports ({0}): {1}, {2}.</source>
        <translation>Denuncias policiales ({0}): {1}, {2}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No press-reported robberies yet: import the Data Criminal workbook (Import file…) to see the study&apos;s findings.</source>
        <translation>Aún no hay robos reportados por la prensa: importe el libro Data Criminal (Importar archivo…) para ver los hallazgos del estudio.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Findings from {0} press-reported robberies in Lima and Callao ({1}):</source>
        <translation>Hallazgos de {0} robos reportados por la prensa en Lima y Callao ({1}):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>most affected district: {0} ({1} robberies)</source>
        <translation>distrito más afectado: {0} ({1} robos)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>most frequent robbery type: {0} ({1})</source>
        <translation>tipo de robo más frecuente: {0} ({1})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>most affected occupation: {0} ({1})</source>
        <translation>ocupación más afectada: {0} ({1})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>most used weapon: {0} ({1})</source>
        <translation>arma más usada: {0} ({1})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1 file</source>
        <translation>1 archivo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{0} files</source>
        <translation>{0} archivos</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Imported {0}: {1}, {2}, {3} (see Imports).</source>
        <translation>Importación de {0}: {1}, {2}, {3} (ver Importaciones).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 row loaded</source>
        <translation>1 fila cargada</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{0} rows loaded</source>
        <translation>{0} filas cargadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 row rejected</source>
        <translation>1 fila rechazada</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{0} rows rejected</source>
        <translation>{0} filas rechazadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 file already imported</source>
        <translation>1 archivo ya importado</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{0} files already imported</source>
        <translation>{0} archivos ya importados</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>checking rows</source>
        <translation>revisando filas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>saving</source>
        <translation>guardando</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>saving robberies</source>
        <translation>guardando robos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>summarising</source>
        <translation>resumiendo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>downloading DataCrim</source>
        <translation>descargando DataCrim</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>reading {0}</source>
        <translation>leyendo {0}</translation>
    </message>
</context>
<context>
    <name>YearComboChart</name>
    <message>
        <location filename="../../s2c_desktop/ui/stats/chart_widgets.py" line="+58"/>
        <source>Year:</source>
        <translation>Año:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>partial year</source>
        <translation>año parcial</translation>
    </message>
</context>
<context>
    <name>YearSliderChart</name>
    <message>
        <location line="-36"/>
        <source>Year:</source>
        <translation>Año:</translation>
    </message>
</context>
<context>
    <name>charts</name>
    <message>
        <location filename="../../s2c_desktop/stats/charts.py" line="+53"/>
        <source>No press-reported robberies in the database.
Import crime/grupo_data_criminal.xlsx (Import button, or &apos;s2c stats import&apos;).</source>
        <translation>No hay robos reportados por la prensa en la base de datos.
Importe crime/grupo_data_criminal.xlsx (botón Importar, o &apos;s2c stats import&apos;).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No police report data (DataCrim or SIDPOL) in the database.
Update from DataCrim (&apos;s2c stats update&apos;) or import a DataCrim or SIDPOL CSV file.</source>
        <translation>No hay denuncias policiales (DataCrim o SIDPOL) en la base de datos.
Actualice desde DataCrim (&apos;s2c stats update&apos;) o importe un CSV de DataCrim o SIDPOL.</translation>
    </message>
    <message>
        <location line="-28"/>
        <location line="+62"/>
        <source>Robberies per district of Lima and Callao</source>
        <translation>Robos por distrito de Lima y Callao</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} ({1}, press reports)</source>
        <translation>{0} ({1}, reportes de prensa)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+50"/>
        <location line="+66"/>
        <source>robberies</source>
        <translation>robos</translation>
    </message>
    <message>
        <location line="-184"/>
        <location line="+89"/>
        <source>Victims&apos; age groups</source>
        <translation>Grupos de edad de las víctimas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No robbery in the database states the victim&apos;s age.</source>
        <translation>Ningún robo de la base de datos indica la edad de la víctima.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} years</source>
        <translation>{0} años</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} ({1}; {2} of {3} robberies state it)</source>
        <translation>{0} ({1}; {2} de {3} robos lo indican)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Robberies per type in {0}</source>
        <translation>Robos por tipo en {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No robberies recorded in this district.</source>
        <translation>No hay robos registrados en este distrito.</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+27"/>
        <location line="+102"/>
        <location line="+22"/>
        <source>reports</source>
        <translation>denuncias</translation>
    </message>
    <message>
        <location line="-286"/>
        <location line="+142"/>
        <source>Reports per year by province</source>
        <translation>Denuncias por año según provincia</translation>
    </message>
    <message>
        <location line="-141"/>
        <location line="+172"/>
        <source>Occupations most affected</source>
        <translation>Ocupaciones más afectadas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No robbery in the database states the victim&apos;s occupation.</source>
        <translation>Ningún robo de la base de datos indica la ocupación de la víctima.</translation>
    </message>
    <message>
        <location line="-176"/>
        <location line="+184"/>
        <source>Robbery types</source>
        <translation>Tipos de robo</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{0} ({1}, {2} robberies)</source>
        <translation>{0} ({1}, {2} robos)</translation>
    </message>
    <message>
        <location line="-196"/>
        <location line="+211"/>
        <source>Department, province and district breakdown</source>
        <translation>Desglose por departamento, provincia y distrito</translation>
    </message>
    <message>
        <location line="-216"/>
        <source>Robberies per type in a district</source>
        <translation>Robos por tipo en un distrito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reports per district in a year</source>
        <translation>Denuncias por distrito en un año</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reports by modality, specific or generic crime</source>
        <translation>Denuncias por modalidad, delito específico o genérico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reports by generic crime per year</source>
        <translation>Denuncias por delito genérico y año</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>Reports per district</source>
        <translation>Denuncias por distrito</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0}: {1}, {2}{3} ({4}; top {5})</source>
        <translation>{0}: {1}, {2}{3} ({4}; los {5} primeros)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>* partial year: not every month reported yet (dashed)</source>
        <translation>* año parcial: aún no se reportan todos los meses (línea discontinua)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>modality</source>
        <translation>modalidad</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>specific crime</source>
        <translation>delito específico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>generic crime</source>
        <translation>delito genérico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reports by {0}</source>
        <translation>Denuncias por {0}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0}, total {1} ({2})</source>
        <translation>{0}, total {1} ({2})</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reports by generic crime</source>
        <translation>Denuncias por delito genérico</translation>
    </message>
    <message>
        <location line="-265"/>
        <location line="+289"/>
        <source>Map of reports per department of Peru</source>
        <translation>Mapa de denuncias por departamento del Perú</translation>
    </message>
    <message>
        <location line="-288"/>
        <location line="+297"/>
        <source>Map of reports per district of a department</source>
        <translation>Mapa de denuncias por distrito de un departamento</translation>
    </message>
    <message>
        <source>No reports match these filters.
The data covers: {0}.</source>
        <translation>Ninguna denuncia cumple estos filtros.
Los datos cubren: {0}.</translation>
    </message>
    <message>
        <source>point at a ring for its name and count</source>
        <translation>señale un anillo para ver su nombre y cifra</translation>
    </message>
    <message>
        <source>{0} others</source>
        <translation>otros {0}</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../s2c_desktop/ui/errors.py" line="+34"/>
        <source>Out of memory.</source>
        <translation>Memoria insuficiente.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System error: {0}</source>
        <translation>Error del sistema: {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unexpected error: {0}</source>
        <translation>Error inesperado: {0}</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Details were written to the log: {0}</source>
        <translation>Los detalles se escribieron en el registro: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Error</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <source>face width</source>
        <translation>ancho de cara</translation>
    </message>
    <message>
        <source>jaw</source>
        <translation>mandíbula</translation>
    </message>
    <message>
        <source>eye size</source>
        <translation>tamaño de ojos</translation>
    </message>
    <message>
        <source>eye spacing</source>
        <translation>separación de ojos</translation>
    </message>
    <message>
        <source>nose length</source>
        <translation>largo de nariz</translation>
    </message>
    <message>
        <source>nose width</source>
        <translation>ancho de nariz</translation>
    </message>
    <message>
        <source>mouth width</source>
        <translation>ancho de boca</translation>
    </message>
    <message>
        <source>brow height</source>
        <translation>altura de cejas</translation>
    </message>
    <message>
        <source>Round {0} (step {1})</source>
        <translation>Ronda {0} (paso {1})</translation>
    </message>
    <message>
        <source>no pick</source>
        <translation>sin elección</translation>
    </message>
    <message>
        <source>picked {0}</source>
        <translation>elegida {0}</translation>
    </message>
    <message>
        <source>skin</source>
        <translation>piel</translation>
    </message>
    <message>
        <source>Variants shown to the witness: {0} rounds</source>
        <translation>Variantes mostradas al testigo: {0} rondas</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/ui/drawing/case_sheet.py" line="+79"/>
        <source>Changed outside Sketch2Color: {0} does not match the checksum recorded in the case</source>
        <translation>Modificado fuera de Sketch2Color: {0} no coincide con la suma de verificación registrada en el caso</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+212"/>
        <source>Cannot write {0}: {1}</source>
        <translation>No se puede escribir {0}: {1}</translation>
    </message>
    <message>
        <location line="-174"/>
        <source>Sketch2Color — case sheet</source>
        <translation>Sketch2Color — ficha del caso</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(no case number)</source>
        <translation>(sin número de caso)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+145"/>
        <source>Case {0}</source>
        <translation>Caso {0}</translation>
    </message>
    <message>
        <location line="-129"/>
        <source>Sketch</source>
        <translation>Retrato hablado</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Colorized photo (generated)</source>
        <translation>Foto coloreada (generada)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>not colorized</source>
        <translation>sin colorear</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Case number</source>
        <translation>Número de caso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Artist</source>
        <translation>Dibujante</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Generated</source>
        <translation>Generado</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Witness notes</source>
        <translation>Notas del testigo</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The photo was generated by a machine-learning model from the sketch. It is not a photograph of a real person and must only be used as an investigative aid.</source>
        <translation>La foto fue generada por un modelo de aprendizaje automático a partir del boceto. No es una fotografía de una persona real y solo debe usarse como apoyo a la investigación.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>(not used for this photo)</source>
        <translation>(no usadas en esta foto)</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Colour hints given by the witness</source>
        <translation>Pistas de color dadas por el testigo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Colour hints: none (the model chose every colour)</source>
        <translation>Pistas de color: ninguna (el modelo eligió todos los colores)</translation>
    </message>
    <message>
        <source>eyebrows</source>
        <translation>cejas</translation>
    </message>
    <message>
        <source>eyes</source>
        <translation>ojos</translation>
    </message>
    <message>
        <source>face</source>
        <translation>rostro</translation>
    </message>
    <message>
        <source>hair</source>
        <translation>cabello</translation>
    </message>
    <message>
        <source>lips</source>
        <translation>labios</translation>
    </message>
    <message>
        <source>neck</source>
        <translation>cuello</translation>
    </message>
    <message>
        <source>outside the face</source>
        <translation>fuera del rostro</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
</context>
<context>
    <name>maps</name>
    <message>
        <location filename="../../s2c_desktop/stats/maps.py" line="+57"/>
        <source>All crimes</source>
        <translation>Todos los delitos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reports per department of Peru, {0}</source>
        <translation>Denuncias por departamento del Perú, {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reports per district: {0}, {1}</source>
        <translation>Denuncias por distrito: {0}, {1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>data only for {0}</source>
        <translation>datos solo de {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>partial year: not every month reported yet</source>
        <translation>año parcial: aún no se reportan todos los meses</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>reports</source>
        <translation>denuncias</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no data</source>
        <translation>sin datos</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reports in districts without a polygon on this map (created after 2007, or too small for the simplified limits): {0}</source>
        <translation>Denuncias en distritos sin polígono en este mapa (creados después de 2007, o demasiado pequeños para los límites simplificados): {0}</translation>
    </message>
    <message>
        <source>No reports of {0} in {1}, {2} ({3}).</source>
        <translation>No hay denuncias de {0} en {1}, {2} ({3}).</translation>
    </message>
    <message>
        <source>This source has reports for: {0}.</source>
        <translation>Esta fuente tiene denuncias de: {0}.</translation>
    </message>
    <message>
        <source>any crime</source>
        <translation>cualquier delito</translation>
    </message>
</context>
<context>
    <name>queries</name>
    <message>
        <location filename="../../s2c_desktop/stats/queries.py" line="+222"/>
        <source>{0} pairs tie; first {1} shown</source>
        <translation>{0} pares empatan; se muestran los {1} primeros</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>no date</source>
        <translation>sin fecha</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1 robbery without a date, in the last row</source>
        <translation>1 robo sin fecha, en la última fila</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} robberies without a date, in the last row</source>
        <translation>{0} robos sin fecha, en la última fila</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>yearly averages over the complete years {0}; chart 9 shows totals over all years, a year still being reported included</source>
        <translation>promedios anuales de los años completos {0}; el gráfico 9 muestra totales de todos los años, incluido el año aún en curso</translation>
    </message>
    <message>
        <source>&apos;Otros&apos; is a catch-all of the crimes the source does not name</source>
        <translation>«Otros» agrupa los delitos que la fuente no nombra</translation>
    </message>
    <message>
        <source>first named crime: {0} in {1}, {2}</source>
        <translation>primer delito con nombre: {0} en {1}, {2}</translation>
    </message>
</context>
<context>
    <name>rules</name>
    <message>
        <location filename="../../s2c_desktop/stats/cleaning.py" line="+25"/>
        <source>stray characters removed</source>
        <translation>caracteres sueltos eliminados</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>spaces stripped</source>
        <translation>espacios recortados</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>text date converted to ISO</source>
        <translation>fecha en texto convertida a ISO</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>date day/month swapped (month &gt; 12)</source>
        <translation>día y mes de la fecha intercambiados (mes &gt; 12)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>date year typo fixed (0217/2107 -&gt; 2017)</source>
        <translation>error de tipeo en el año corregido (0217/2107 -&gt; 2017)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bare day number dated from its neighbours</source>
        <translation>día suelto fechado según las filas vecinas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>missing date kept as unknown</source>
        <translation>fecha faltante conservada como desconocida</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty age -&gt; No especifica</source>
        <translation>edad vacía -&gt; No especifica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty gender -&gt; No especifica</source>
        <translation>género vacío -&gt; No especifica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty occupation -&gt; No especifica</source>
        <translation>ocupación vacía -&gt; No especifica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty weapon -&gt; Sin dato</source>
        <translation>arma vacía -&gt; Sin dato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty dead -&gt; 0</source>
        <translation>muertos vacío -&gt; 0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty wounded -&gt; 0</source>
        <translation>heridos vacío -&gt; 0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>category spelling unified</source>
        <translation>escritura de la categoría unificada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>district matched by alias (e.g. Cercado de Lima -&gt; LIMA)</source>
        <translation>distrito reconocido por alias (p. ej. Cercado de Lima -&gt; LIMA)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>district matched ignoring accents/case</source>
        <translation>distrito reconocido sin tildes ni mayúsculas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty district kept as unknown</source>
        <translation>distrito vacío conservado como desconocido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>footnote marker removed</source>
        <translation>marca de nota al pie eliminada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>district matched by ubigeo in its name</source>
        <translation>distrito reconocido por el ubigeo de su nombre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ubigeo leading zero restored</source>
        <translation>cero inicial del ubigeo restituido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>garbled accents repaired (UTF-8 read as Latin-1)</source>
        <translation>tildes dañadas reparadas (UTF-8 leído como Latin-1)</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/stats/counts.py" line="+24"/>
        <source>empty crime level filled from the level above</source>
        <translation>nivel de delito vacío completado con el nivel superior</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/stats/geography.py" line="+83"/>
        <source>district without INEI code given the next free code of its province</source>
        <translation>distrito sin código INEI recibe el siguiente código libre de su provincia</translation>
    </message>
    <message>
        <location filename="../../s2c_desktop/stats/loaders.py" line="+16"/>
        <source>empty medium -&gt; No especifica</source>
        <translation>medio vacío -&gt; No especifica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty robbery type -&gt; Otros</source>
        <translation>tipo de robo vacío -&gt; Otros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>robbery type added without description</source>
        <translation>tipo de robo añadido sin descripción</translation>
    </message>
    <message>
        <source>age group typo fixed (34-55 -&gt; 35-55, 57-100 -&gt; 56-100)</source>
        <translation>errata en el grupo de edad corregida (34-55 -&gt; 35-55, 57-100 -&gt; 56-100)</translation>
    </message>
</context>
<context>
    <name>scope</name>
    <message>
        <location filename="../../s2c_desktop/stats/scope.py" line="+27"/>
        <source>Peru</source>
        <translation>Perú</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} departments</source>
        <translation>{0} departamentos</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>({0} partial)</source>
        <translation>({0} parcial)</translation>
    </message>
</context>
<context>
    <name>SunburstChart</name>
    <message>
        <source>Point at a ring to see its name and count.</source>
        <translation>Señale un anillo para ver su nombre y su cifra.</translation>
    </message>
    <message>
        <source>{0}: {1} reports ({2} %)</source>
        <translation>{0}: {1} denuncias ({2} %)</translation>
    </message>
</context>
<context>
    <name>ImageVerifier</name>
    <message>
        <source>no Sketch2Color mark found</source>
        <translation>no se encontró la marca de Sketch2Color</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>generated by Sketch2Color (model {0}, case {1})</source>
        <translation>generada por Sketch2Color (modelo {0}, caso {1})</translation>
    </message>
    <message>
        <source>Verify images</source>
        <translation>Verificar imágenes</translation>
    </message>
    <message>
        <source>{0}: cannot be read ({1})</source>
        <translation>{0}: no se puede leer ({1})</translation>
    </message>
    <message>
        <source>The invisible watermark survives re-saving, resizing, cropping to the face and screenshots. A photo without it may still be generated: its absence proves nothing.</source>
        <translation>La marca de agua invisible resiste el reguardado, el cambio de tamaño, el recorte a la cara y las capturas de pantalla. Una foto sin ella puede ser generada igualmente: su ausencia no prueba nada.</translation>
    </message>
</context>
<context>
    <name>VariantsController</name>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <source>Apply variant</source>
        <translation>Aplicar variante</translation>
    </message>
</context>
<context>
    <name>VariantsDialog</name>
    <message>
        <source>Variants</source>
        <translation>Variantes</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <source>Write the picked face's shape and colours into the sketch</source>
        <translation>Escribir la forma y los colores del rostro elegido en el boceto</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Round {0} (step {1}): click the face closest to the one you saw</source>
        <translation>Ronda {0} (paso {1}): haga clic en el rostro más parecido al que vio</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Drawing help</source>
        <translation>Ayuda de dibujo</translation>
    </message>
    <message>
        <source>Zoom around the pointer</source>
        <translation>Acercar o alejar alrededor del puntero</translation>
    </message>
    <message>
        <source>Ctrl + mouse wheel</source>
        <translation>Ctrl + rueda del ratón</translation>
    </message>
    <message>
        <source>Move the paper</source>
        <translation>Mover el papel</translation>
    </message>
    <message>
        <source>Space + drag, or the middle button</source>
        <translation>Espacio + arrastrar, o el botón central</translation>
    </message>
    <message>
        <source>Cancel the stroke being drawn</source>
        <translation>Cancelar el trazo en curso</translation>
    </message>
    <message>
        <source>Draw the face over the guide (G): the eyes on the guide's eyes, the chin on its chin.</source>
        <translation>Dibuje el rostro sobre la guía (G): los ojos sobre los ojos de la guía, el mentón sobre su mentón.</translation>
    </message>
    <message>
        <source>Colorize (Ctrl+Enter), or turn on live mode (Ctrl+L) to see the photo after each stroke.</source>
        <translation>Coloree (Ctrl+Intro), o active el modo en vivo (Ctrl+L) para ver la foto tras cada trazo.</translation>
    </message>
    <message>
        <source>Paint the witness's colours with the Colour tool (C): skin, hair, eyes.</source>
        <translation>Pinte los colores que da el testigo con la herramienta Color (C): piel, cabello, ojos.</translation>
    </message>
    <message>
        <source>Variants (V): the witness clicks the face closest to the one they saw; the next nine vary around it. Apply writes the chosen face into the sketch (one Ctrl+Z takes it back).</source>
        <translation>Variantes (V): el testigo hace clic en el rostro más parecido al que vio; las nueve siguientes varían en torno a él. Aplicar escribe el rostro elegido en el boceto (un Ctrl+Z lo deshace).</translation>
    </message>
    <message>
        <source>Save the case (Ctrl+S) and print its sheet (Ctrl+P).</source>
        <translation>Guarde el caso (Ctrl+S) e imprima su ficha (Ctrl+P).</translation>
    </message>
    <message>
        <source>How to</source>
        <translation>Cómo se hace</translation>
    </message>
    <message>
        <source>Shortcuts</source>
        <translation>Atajos</translation>
    </message>
</context>
</TS>
